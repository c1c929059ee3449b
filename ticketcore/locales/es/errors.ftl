# The core's errors and refusals and a guest-list row's problems.

## The core's error kinds (error.rs). `what_key` and `field_key` are the
## thing's or field's name with dashes for spaces (`event`, `pairing-link`,
## `event-name`), to choose a translation; `what` and `field` as written.
not-found = { $what_key ->
    [event] no se encontró el evento
    [ticket] no se encontró la entrada
    [user] no se encontró el usuario
    [token] no se encontró el token
    [pairing] no se encontró la vinculación
    [pairing-link] no se encontró el enlace de vinculación
    [pick] no se encontró la selección
   *[other] no se encontró { $what }
} `{ $key }`
invalid-code-spec = configuración de códigos no válida: { $reason }
invalid-code = código no válido: { $reason }
code-space-exhausted = no quedan suficientes códigos libres: { $needed ->
    [one] se necesita { $needed } código nuevo
   *[other] se necesitan { $needed } códigos nuevos
}, pero { $free ->
    [one] solo queda { $free } libre
   *[other] solo quedan { $free } libres
}; usa códigos más largos o un alfabeto más grande
invalid-input = { $field_key ->
    [name] nombre no válido
    [user-name] nombre de usuario no válido
    [email] dirección de correo electrónico no válida
    [event-name] nombre del evento no válido
    [event-slug] nombre corto del evento no válido
    [guest] invitado no válido
    [mail] envío de correo
    [mail-from] remitente no válido
    [mail-template] plantilla de correo no válida
    [template-file] archivo de plantilla no válido
    [SMTP-URL] URL SMTP no válida
    [SQL] SQL no válido
    [role] rol no válido
    [status] estado no válido
    [backup] copia de seguridad
    [backup-file] archivo de copia de seguridad no válido
    [door] puerta no válida
    [note] nota no válida
    [password] contraseña no válida
    [persons] número de personas no válido
    [search] búsqueda no válida
    [session-id] ID de sesión no válido
    [sort] orden no válido
    [time-zone] zona horaria no válida
    [code-length] longitud de código no válida
    [language] idioma no válido
    [walk-ins] ajuste de invitados nuevos no válido
    [walk-in-limit] límite de invitados nuevos no válido
    [reentry] ajuste de reentrada no válido
    [token-label] nombre del token no válido
    [check-ins] accesos no válidos
    [check-in-id] ID de acceso no válido
   *[other] { $field } no válido
}: { $reason }
bad-credentials = nombre de usuario o contraseña incorrectos
too-many-attempts = demasiados intentos de inicio de sesión; { $seconds ->
    [one] inténtalo de nuevo dentro de { $seconds } segundo
   *[other] inténtalo de nuevo dentro de { $seconds } segundos
}
too-many-unknown-codes = demasiados códigos desconocidos; espera { $seconds } s (o pide a un administrador que restablezca el bloqueo de la puerta)
too-many-searches = demasiadas búsquedas; espera { $seconds } s
unsupported-database = URL de base de datos no admitida `{ $url }`: usa { $supported }
database-failed = la base de datos no está disponible o ha fallado; consulta el registro del servidor
database-not-writable = no se puede escribir el archivo de base de datos { $path }: { $reason }
migration-failed = falló la migración de la base de datos: { $detail }
internal-error = error interno: { $detail }
mail-run-busy = otro envío está mandando los correos de este evento: { $holder }, desde { $since } UTC; no se ha enviado nada (inténtalo de nuevo cuando haya terminado; si ese envío se interrumpió, un envío nuevo lo sustituye enseguida en su misma máquina, y desde otra máquina a partir de { $until } UTC)

## The web server's answers when it fails (ticket-web).
server-disk-full = El disco de la base de datos está lleno, así que no se ha guardado nada. Libera espacio en el disco del servidor; mientras tanto, las consultas siguen funcionando.
server-read-only = La base de datos está ahora en modo de solo lectura, así que no se ha guardado nada; las consultas siguen funcionando. Revisa el servidor de la base de datos o su disco.
server-disk-failed = El disco de la base de datos ha informado de un error, así que no se ha guardado nada; puede que las consultas sigan funcionando. Revisa el disco del servidor: puede haber fallado o haber pasado a solo lectura.
server-database-not-writable = No se puede escribir en el archivo de la base de datos; revisa el disco del servidor y quién es el propietario del archivo. El registro del servidor tiene los detalles.
server-database-away = La base de datos no responde en este momento. Inténtalo de nuevo en un momento.
server-failed = Algo ha fallado en el servidor; el registro tiene los detalles.
# The title of an error page, by HTTP status.
http-status = { $code ->
    [400] Solicitud incorrecta
    [401] No autorizado
    [403] Acceso prohibido
    [404] No encontrado
    [405] Método no permitido
    [409] Conflicto
    [413] Contenido demasiado grande
    [422] No se puede procesar
    [429] Demasiadas solicitudes
    [500] Error interno del servidor
    [503] Servicio no disponible
    [507] Almacenamiento insuficiente
   *[other] Error
}
web-imports-busy = El servidor está ocupado leyendo otras listas de invitados; inténtalo de nuevo dentro de un minuto.
web-upload-unreadable = No se puede volver a leer el archivo subido: { $detail }
web-import-failed = La importación falló: { $detail }
web-log-in-or-token = inicia sesión o envía un token de API
web-role-forbids = tu rol no permite hacer esto
web-scanner-only = Tu cuenta solo puede escanear entradas. Pide más permisos a un administrador.
web-setup-link-invalid = Este enlace de configuración no es válido. Abre el enlace que aparece en el registro del servidor.
web-door-search-off = la búsqueda en la puerta está desactivada (un administrador la activa en la página de ajustes)

## office.rs (and shared checks of names, notes, searches, doors and party sizes)
field-empty = no puede estar en blanco
field-too-long = como máximo { $max } caracteres
field-control-chars = no puede contener caracteres de control ni de dirección del texto
persons-range = de 1 a { $max }
event-slug-exhausted = hay demasiados eventos con un nombre como `{ $base }`; indica un nombre corto
# A guest list row's problems (each a message of the import), joined with "; ".
guest-problems = { $problems }
guest-email-taken = { $email } ya tiene una entrada para este evento
guest-name-or-email-missing = falta el nombre o la dirección
guest-email-required = un invitado de la lista necesita una dirección de correo electrónico
offline-upload-too-many = como máximo { $max } por envío
offline-id-malformed = `{ $id }` no consta de 1 a 64 letras, dígitos, `-` o `_`
# $day: the event's day as 2026-07-04.
door-copy-wrong-day = { $event } es el { $day }: la copia para la puerta solo se entrega desde el día anterior al evento hasta el día siguiente
door-search-too-short = escribe al menos { $min } letras del nombre

## store/shared.rs
event-slug-taken = ya existe un evento con el nombre corto `{ $slug }`
walk-in-limit-reached = { $limit ->
    [one] ya ha entrado el único invitado nuevo que permite { $event }
   *[other] ya han entrado los { $limit } invitados nuevos que permite { $event }
}
ticket-not-checked-in = la entrada { $code } aún no se ha usado para entrar
ticket-revoked = la entrada { $code } está anulada
party-too-many = { $left ->
    [one] solo puede entrar ahora { $left } persona del grupo de { $size }
   *[other] solo pueden entrar ahora { $left } personas del grupo de { $size }
}
party-nobody-inside = no hay nadie dentro con la entrada { $code }
party-only-inside = { $inside ->
    [one] solo hay { $inside } persona del grupo dentro
   *[other] solo hay { $inside } personas del grupo dentro
}
ticket-already-revoked = la entrada { $code } ya está anulada
ticket-not-revoked = la entrada { $code } no está anulada
party-at-least = { $arrived ->
    [one] ya ha entrado { $arrived } persona de este grupo: la entrada debe admitir al menos a { $arrived }
   *[other] ya han entrado { $arrived } personas de este grupo: la entrada debe admitir al menos a { $arrived }
}
user-name-taken = ya existe un usuario llamado `{ $name }`
mail-lease-contended = el bloqueo de envío del evento ha cambiado de manos tres veces seguidas; inténtalo de nuevo
user-last-admin = `{ $name }` es el último administrador; primero haz administrador a otro usuario

## store/mod.rs
import-email-taken = { $name } <{ $email }> ya tiene una entrada para este evento; no se ha importado nada (vuelve a importar la lista para ver todos los duplicados)
import-email-repeated = { $name } <{ $email }> aparece dos veces en esta lista; no se ha importado nada (vuelve a importar la lista para ver todos los duplicados)

## model.rs
walk-ins-unknown = `{ $value }` no es off, admins ni doors
time-zone-unknown = `{ $name }` no es un nombre de zona horaria; usa uno como Europe/Madrid o America/Mexico_City
event-slug-malformed = usa de 1 a 64 letras minúsculas (a-z), dígitos y guiones, no solo dígitos
ticket-status-unknown = usa valid, used o revoked
ticket-sort-unknown = `{ $value }` no es un orden; usa issued, name, status o check_in
role-unknown = usa admin o scanner

## maintenance.rs
backup-postgres = una base de datos PostgreSQL se copia con la herramienta propia de PostgreSQL, pg_dump, que copia una instantánea coherente mientras la aplicación sigue funcionando, p. ej. `pg_dump --format=custom --file=tickets.dump "$TICKET_DATABASE_URL"` (para restaurarla: `pg_restore --dbname=URL tickets.dump`)
backup-mysql = una base de datos MySQL/MariaDB se copia con la herramienta propia del servidor, mysqldump (mariadb-dump en MariaDB), que copia una instantánea coherente mientras la aplicación sigue funcionando, p. ej. `mysqldump --single-transaction -h HOST -u USER -p DATABASE > tickets.sql` (para restaurarla: `mysql -h HOST -u USER -p DATABASE < tickets.sql`)
backup-exists = `{ $path }` ya existe; una copia de seguridad nunca sobrescribe un archivo, elige otro nombre
backup-folder-missing = la carpeta `{ $folder }` no existe
backup-path-not-utf8 = la ruta debe ser UTF-8 válido
sql-empty = la sentencia está vacía
sql-several = ejecuta una sola sentencia cada vez (hay { $count })
sql-parameters-question = la sentencia tiene parámetros `?`; escribe los valores directamente en ella
sql-parameters-dollar = la sentencia tiene parámetros `$1`; escribe los valores directamente en ella

## door_rules.rs
number-too-high = como máximo { $max }
walk-ins-off = { $event } no admite invitados nuevos
walk-ins-admins-only = solo los administradores pueden añadir invitados nuevos a { $event }

## settings.rs
mail-from-missing = no hay remitente para los correos de entradas de { $event }: configura un remitente propio del evento o un remitente por defecto (p. ej. Baile de Verano <tickets@example.org>)

## auth.rs
password-too-short = usa al menos { $min } caracteres
password-too-long = usa como máximo { $max } bytes

## session.rs
session-id-length = debe tener de 1 a { $max } bytes

## pairing.rs
pairing-link-revoked = este enlace de vinculación fue revocado: pide uno nuevo a un administrador
pairing-link-expired = este enlace de vinculación ha caducado: pide uno nuevo a un administrador
pairing-link-used = otro teléfono ya usó este enlace de vinculación: pide uno nuevo a un administrador

## template_file.rs
template-subject-first = línea { $line }: el archivo debe empezar con una línea `Subject:`
template-header-expected = línea { $line }: se esperaba una cabecera como `Subject: ...`, luego una línea en blanco y luego el texto del correo
template-second-subject = línea { $line }: una segunda línea `Subject:`
template-subject-empty = línea { $line }: el asunto está vacío
template-unknown-header = línea { $line }: cabecera desconocida `{ $header }`; usa `Subject:` y, si quieres, `Message:`
template-file-empty = el archivo está vacío; debe empezar con una línea `Subject:`
template-no-text = falta el texto del correo: deja una línea en blanco después de las cabeceras y luego escribe el texto
template-text-empty = el texto del correo después de las cabeceras está vacío
template-html-empty = la parte HTML después de `{ $separator }` está vacía

## code.rs: CodeSpecError (a code specification is refused)
# $symbol: the character; for code-alphabet-unusable and
# code-alphabet-not-typable as Rust writes it, in single quotes ('\t').
code-alphabet-too-few = el alfabeto necesita al menos 2 caracteres distintos
code-alphabet-duplicate = el alfabeto contiene `{ $symbol }` dos veces (mayúsculas y minúsculas cuentan como el mismo carácter)
code-alphabet-unusable = el alfabeto no puede contener { $symbol } (los espacios, guiones y caracteres invisibles se ignoran al escribir los códigos)
code-alphabet-not-typable = el alfabeto no puede contener { $symbol }: los teclados lo escriben como otro carácter o como parte de uno; usa el carácter que escribe un teclado
code-length-zero = la longitud del código debe ser al menos 1
code-space-too-large = { $symbols } símbolos elevado a { $length } son más códigos de los que caben en 64 bits; usa un código más corto

## code.rs: CodeError (typed text is not a code)
code-empty = no se ha introducido ningún código
code-too-long = el texto es demasiado largo para ser un código
code-invalid-char = `{ $symbol }` no es un carácter de los códigos de este evento
code-wrong-length = { $expected ->
    [one] un código tiene { $expected } carácter y este tiene { $got }
   *[other] un código tiene { $expected } caracteres y este tiene { $got }
}

## import/error.rs: a file that cannot be imported at all
import-empty = el archivo está vacío; vuelve a elegir el archivo de la lista de invitados
import-too-large = el archivo es demasiado grande ({ $size } bytes; se aceptan como máximo { $max } bytes); borra las hojas, imágenes y columnas que no uses, o guárdalo como CSV
import-unsupported-format = no se pueden importar archivos de tipo «{ $extension }»; usa un libro de Excel (.xlsx, .xlsm, .xls, .xlsb), una hoja de cálculo de LibreOffice (.ods) o CSV (.csv)
import-text-named-as-workbook = el archivo se llama «{ $file_name }», pero en realidad es un archivo de texto (CSV), no un libro; cámbiale el nombre para que termine en .csv, o ábrelo en Excel y guárdalo como «Libro de Excel (.xlsx)»
import-not-a-spreadsheet = el archivo «{ $file_name }» no es una hoja de cálculo ni un archivo CSV (no se reconoce su contenido); abre la lista de invitados en Excel o LibreOffice y guárdala como .xlsx o como «CSV UTF-8»
# $format: xlsx, xls, …; $detail: a technical hint in English (the reader's message).
import-damaged = no se pudo leer el libro { $format }; puede estar dañado o incompleto ({ $detail }); ábrelo en Excel o LibreOffice, vuelve a guardarlo y sube la copia nueva
import-password-protected = este libro está protegido con contraseña; ábrelo, quita la contraseña (Excel: Archivo > Información > Proteger libro > Cifrar con contraseña, y deja el campo vacío) y guarda una copia sin protección, o guárdalo como CSV
import-uncompressed-too-large = el libro ocupa { $uncompressed } bytes al descomprimirlo (se aceptan como máximo { $max }) o está comprimido de forma sospechosamente eficaz; no puede ser una lista de invitados normal. Guarda la lista de invitados como un libro nuevo y pequeño o como CSV
import-sheet-too-large = la hoja «{ $sheet }» abarca { $rows } filas × { $columns } columnas, lo que es demasiado grande para leerla (como máximo { $max_cells } celdas); borra las filas y columnas sin usar alejadas de la lista de invitados (o copia la lista en una hoja nueva), o guarda el archivo como .xlsx o CSV
import-too-many-rows = la lista de invitados tiene más de { $max } filas; se pueden importar como máximo { $max } invitados a la vez, divide la lista en varios archivos
# $email, $name, $first, $last: the column titles looked for, quoted and
# comma-separated ("Email", "E-mail", …).
import-no-header = no se encontró la fila de encabezados: la lista de invitados necesita una fila de títulos de columna con una columna de correo electrónico ({ $email }) y una columna de nombre ({ $name }) o columnas de nombre y apellidos ({ $first } / { $last }); añade esa fila de títulos encima de los invitados, o indica las columnas en las opciones de importación
# $place: import-where-sheet or import-where-sheets.
import-no-header-in = no se encontró la fila de encabezados { $place }: la lista de invitados necesita una fila de títulos de columna con una columna de correo electrónico ({ $email }) y una columna de nombre ({ $name }) o columnas de nombre y apellidos ({ $first } / { $last }); añade esa fila de títulos encima de los invitados, o indica las columnas en las opciones de importación
import-no-guests = la lista de invitados tiene títulos de columna (fila { $header_row }), pero no hay invitados debajo
# $available: the workbook's sheet names, quoted and comma-separated.
import-sheet-not-found = el libro no tiene ninguna hoja llamada «{ $name }»; sus hojas son: { $available }
import-unknown-encoding = no se pueden leer con fiabilidad los caracteres de este archivo CSV (codificación de texto desconocida); guarda el archivo como CSV UTF-8 en Excel: Archivo > Guardar como > «CSV UTF-8 (delimitado por comas)» (LibreOffice: Archivo > Guardar como > Texto CSV, juego de caracteres «Unicode (UTF-8)»)
# $detail: the CSV reader's message, in English.
import-bad-csv = no se pudo leer el archivo CSV cerca de la fila { $row }: { $detail }; vuelve a guardarlo como CSV UTF-8
# $count: how many rows have problems; $first_problem: the first bad row's
# problems (row-… messages joined with "; ").
import-bad-rows = { $count ->
    [one] { $count } fila de la lista de invitados tiene problemas (fila { $first_row }: { $first_problem }); corrígela y vuelve a importar, o importa solo las filas válidas
   *[other] { $count } filas de la lista de invitados tienen problemas (la primera: fila { $first_row }: { $first_problem }); corrígelas y vuelve a importar, o importa solo las filas válidas
}

## import/mod.rs: where no header row was found (after "no header row found")
import-where-sheet = en la hoja «{ $sheet }»
# $sheets: the sheet names, quoted and comma-separated.
import-where-sheets = en las hojas { $sheets }

## import/rows.rs: a guest-list row's problems
# The fields, as row-cell-error and row-cell-no-result name them.
row-field-name = nombre
row-field-first-name = nombre de pila
row-field-last-name = apellidos
row-field-salutation = saludo
row-field-note = nota
row-field-language = idioma
# $field: one of row-field-…; $error: the spreadsheet's error value (#N/A, #REF!, …).
row-cell-error = la celda «{ $field }» muestra el error { $error }
row-cell-no-result = el valor de «{ $field }» se calcula con una fórmula cuyo resultado no está guardado en el archivo; abre el archivo en Excel o LibreOffice, guárdalo allí y vuelve a importarlo
# $column: the party-size column's title as the file writes it.
row-party-cell-error = la celda de la columna «{ $column }» muestra el error { $error }
row-party-no-result = el valor de la columna «{ $column }» se calcula con una fórmula cuyo resultado no está guardado en el archivo; abre el archivo en Excel o LibreOffice, guárdalo allí y vuelve a importarlo
# $value: the cell, shortened and already in quotes ("4 people").
row-party-invalid = el número de personas { $value } de la columna «{ $column }» no es un número entero de 1 a { $max }
row-companions-invalid = { $value } de la columna «{ $column }» no es ni un número de acompañantes de 0 a { $max } ni sí o no
# $languages: the language codes, comma-separated (en, de, fr, es).
row-language-unknown = «{ $value }» no es ninguno de los idiomas en que están escritos los correos ({ $languages })
row-name-missing = falta el nombre
row-name-too-long = el nombre tiene más de { $max } caracteres
row-salutation-too-long = el saludo tiene más de { $max } caracteres
row-note-too-long = la nota tiene más de { $max } caracteres
row-email-merged = falta la dirección de correo electrónico: la celda del correo está combinada con la fila de arriba, así que solo pertenece a esa fila; da a cada invitado su propia dirección
row-email-missing = falta la dirección de correo electrónico
row-email-no-result = la dirección de correo electrónico se calcula con una fórmula cuyo resultado no está guardado en el archivo; abre el archivo en Excel o LibreOffice, guárdalo allí y vuelve a importarlo
row-email-cell-error = la celda del correo electrónico muestra el error { $error }
row-email-number = «{ $value }» es un número, no una dirección de correo electrónico
# $row: the row that used the address first.
row-duplicate = duplicado de la fila { $row } (la misma dirección de correo electrónico { $email })

## import/email.rs: an email cell that is no usable address ($cell: the cell, shortened)
row-email-several = la celda del correo contiene más de una dirección («{ $cell }»); pon a cada invitado en una fila con una sola dirección
row-email-more-than-address = la celda del correo «{ $cell }» contiene algo más que una dirección; escribe solo la dirección, p. ej. ana@example.org
row-email-spaces = la dirección de correo «{ $cell }» contiene espacios
row-email-at-written = «{ $cell }» no es una dirección de correo utilizable: escribe «@» en lugar de «(at)»
row-email-no-at = «{ $cell }» no es una dirección de correo (no tiene «@»)
row-email-not-address = «{ $cell }» no es una dirección de correo
row-email-nothing-before-at = la dirección de correo «{ $cell }» no tiene nada antes de la «@»
row-email-several-at = la dirección de correo «{ $cell }» tiene más de una «@»
row-email-non-ascii = la parte antes de la «@» en «{ $cell }» tiene caracteres no ASCII (como la ñ o las tildes), que muchos servidores de correo rechazan; pide al invitado otra dirección
row-email-quotes = la dirección de correo «{ $cell }» usa comillas, que muchos servidores de correo rechazan
row-email-no-domain = la dirección de correo «{ $cell }» no tiene dominio después de la «@»
row-email-ip-address = la dirección de correo «{ $cell }» usa una dirección IP en lugar de un nombre de dominio
row-email-bad-idn = el dominio de «{ $cell }» no es un nombre de dominio internacionalizado válido
row-email-domain-too-long = la dirección de correo «{ $cell }» tiene un dominio demasiado largo
row-email-no-tld = la dirección de correo «{ $cell }» no tiene dominio de nivel superior (como .es o .com) después de la «@»
row-email-domain-empty-part = la dirección de correo «{ $cell }» tiene una parte vacía o demasiado larga en el dominio (¿dos puntos seguidos?)
row-email-domain-hyphen = la dirección de correo «{ $cell }» tiene una parte del dominio que empieza o termina con guion
row-email-domain-characters = la dirección de correo «{ $cell }» tiene en el dominio caracteres que no están permitidos ahí
row-email-bad-tld = la dirección de correo «{ $cell }» no tiene un dominio de nivel superior válido (como .es o .com)
row-email-too-long = la dirección de correo «{ $cell }» es demasiado larga
# $error: the address checker's message, in English.
row-email-invalid = «{ $cell }» no es una dirección de correo válida ({ $error })

## mail/message.rs (after "invalid mail from:" or "invalid email:")
mail-from-too-long = como máximo { $max } caracteres
mail-from-invalid = `{ $sender }` no es una dirección de correo: escríbela como Baile de Verano <tickets@example.org> o tickets@example.org
# $error: the mail library's message, in English.
mail-address-invalid = `{ $email }` no es una dirección válida: { $error }
mail-cannot-build = no se puede crear el mensaje: { $error }

## mail/transport.rs (after "invalid SMTP URL:" or "invalid mail:")
# $url: the SMTP URL, password masked; $error: the mail library's or the
# SMTP server's message, in English.
mail-smtp-url-invalid = { $url }: { $error }
# $path: the outbox folder; $error: the operating system's message.
mail-outbox-cannot-create = no se puede crear { $path }: { $error }
mail-outbox-cannot-write = no se puede escribir en { $path }: { $error }
# $server: the SMTP URL, password masked.
mail-server-no-answer = { $server } no responde
mail-server-failed = { $server }: { $error }
# $timeout: e.g. 30s.
mail-server-timeout = { $server } no respondió en { $timeout }

## mail/template.rs (after "invalid mail template:")
# The parts of a mail template, as the messages below name them ($part).
mail-part-subject = asunto
mail-part-text = texto
mail-part-html = HTML
mail-part-message = mensaje
mail-template-repetition = { $part }: `*` (línea { $line }) no está permitido en una plantilla: repetir texto o listas podría generar un correo de cualquier tamaño
mail-template-too-long = la parte «{ $part }» ocupa más de { $max } bytes
# $language: the language's own name (Deutsch); $language_code: its code (de);
# $reason: one of the other mail-template messages.
mail-template-of-language = la plantilla en { $language }: { $reason }
# $error: the template engine's message, in English.
mail-template-part-error = { $part }: { $error }
mail-template-engine-failed = { $part }: el motor de plantillas falló con esta plantilla ({ $detail }); escribe de otra forma la expresión que falla
# $name: the unknown name as written ({{ vorname }}); $placeholders: every
# placeholder, comma-separated ({{ greeting }}, {{ name }}, …).
mail-template-unknown-placeholder = la parte «{ $part }» usa { $name }, que no es un marcador de posición; los marcadores disponibles son { $placeholders }
mail-template-unknown-placeholder-html = la parte «{ $part }» usa { $name }, que no es un marcador de posición; los marcadores disponibles son { $placeholders } y { "{{ body }}" } (el texto)

## The web pages' own checks (ticket-web).
web-whole-number = escribe un número entero, como 3
web-language-unknown = usa en, de, fr o es

## Where mail goes (settings and send pages, the command line).
mail-to-outbox = carpeta de salida { $folder }
mail-to-smtp = servidor SMTP { $url }
web-no-such-page = No hay nada en esta dirección. Revisa el enlace o vuelve a la página de inicio.
