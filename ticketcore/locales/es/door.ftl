# Textos de la página de la entrada.

## Horas: un patrón strftime y luego el conjunto.
time-format = %H:%M
clock = { $time }
## A date with its time (tooltips, lists): a strftime pattern of digits
## (%d day, %m month, %Y year), then the whole.
date-format = %d/%m/%Y
date-time = { $date }, { $clock }

welcome = Bienvenido
offline = sin conexión

## La página de la entrada: título, formulario y controles.
page-title = Acceso
code-label = Código de la entrada
check = Comprobar
persons = Personas
persons-hint = Cuántas personas del grupo entran (o salen)
persons-all = todas
exit-mode = Modo salida
walk-in = Nuevo invitado
camera = Cámara
camera-stop = Detener cámara
door-label = Puerta:
door-unnamed = poner nombre a la puerta
door-prompt = Nombre de esta puerta (se muestra cuando una entrada ya se usó)
door-paired = Nombre dado al vincular este teléfono
# Se guarda como puerta de un acceso sin conexión sin nombre de puerta.
this-door = esta puerta
admitted-here = Admitidos en esta puerta: { $count }
recent-label = Últimos resultados
search-open = ¿Código perdido? Buscar a un invitado por su nombre
search-placeholder = Al menos 3 letras del nombre
search-find = Buscar
tap-next = Toca la pantalla para el siguiente invitado

## Resultados: el titular.
already-used = Ya usada
already-in = Ya dentro
unknown-code = Código desconocido
revoked = Anulada
out = Salida
other-event = Otro evento
not-let-in = No admitido
not-let-out = Salida rechazada
not-checked = Sin comprobar
exit-not-counted = Salida no contada
cannot-check-now = No se puede comprobar ahora
too-many = Demasiados códigos desconocidos
welcome-offline = Bienvenido (sin conexión)
offline-party = grupo de { $size }, entran ahora: { $left }
already-used-offline = Ya usada (sin conexión)
unknown-code-offline = Código desconocido (sin conexión)
revoked-offline = Anulada (sin conexión)
cannot-check-offline = No se puede comprobar (sin conexión)
welcome-walk-in = Bienvenido (nuevo invitado)
walk-in-failed = Invitado no añadido

## Resultados: la línea de debajo. El script pone el nombre del invitado y
## " — " delante de at-time-door, used-at y los textos del grupo.
at-time-door = a las { $time } ({ $door })
used-at = usada a las { $time } ({ $door })
revoked-name = La entrada de { $name } fue anulada
revoked-nameless = Esta entrada fue anulada
other-event-code = { $code } es una entrada de { $event }, no de este evento
other-event-page = Es una entrada de { $event }, no de este evento.
unknown-code-detail = Ninguna entrada tiene el código { $code }
unknown-code-page = Ninguna entrada de este evento tiene este código.
out-inside = dentro ahora: { $inside } de { $size }
party = Grupo de { $size } — llegados: { $arrived }
party-all = Grupo de { $size } — llegados: { $arrived } (todos)
party-left = por llegar: { $left }
party-inside = dentro ahora: { $inside }
too-many-wait = Espera { $secs } s y vuelve a escribir el código. Se ha avisado al organizador.
try-again = Inténtalo de nuevo
server-silent = El servidor no responde.
server-answered = El servidor respondió { $status }.
pick-silent = El servidor no responde. Escribe el código del invitado.
exit-silent = El servidor no responde. Deja salir al invitado; vuelve a escanear cuando el servidor responda.
persons-silent = El servidor no responde. Vuelve a escanear el código para ver cuántos del grupo han entrado.
exit-offline = Sin conexión: las salidas necesitan el servidor. Deja salir al invitado; el recuento se pondrá al día en el próximo escaneo de salida.
no-copy = Este teléfono aún no tiene copia de la lista de invitados. Comprueba el código a mano.
not-in-copy = { $code } no está en la lista de invitados de este teléfono ({ $time }). Si el invitado se añadió después: comprueba a mano.

## Personas dentro (todas las puertas).
inside-now = Dentro ahora: { $inside } · llegados { $arrived } de { $total }

## Invitados nuevos: no están en la lista; se añaden y entran en la puerta.
walk-in-name = Nuevo invitado: nombre del invitado
walk-in-persons = ¿Cuántas personas entran con esta entrada?
walk-in-party = grupo de { $persons }
walk-in-code = código { $code }

## El aviso sin conexión o al enviar. "-one" se usa para 1, "-other" para
## cualquier otro número.
banner-offline-one = Sin conexión desde las { $since } ({ $duration }) — los escaneos se deciden en este teléfono; { $count } acceso en espera
banner-offline-other = Sin conexión desde las { $since } ({ $duration }) — los escaneos se deciden en este teléfono; { $count } accesos en espera
offline-under-minute = menos de un minuto
offline-minutes = { $mins } min
banner-sending-one = Conexión recuperada — enviando { $count } acceso
banner-sending-other = Conexión recuperada — enviando { $count } accesos
banner-unsent-one = { $count } acceso sin enviar: { $problem }
banner-unsent-other = { $count } accesos sin enviar: { $problem }
sync-log-in = vuelve a iniciar sesión en este teléfono para enviarlos (no cierres sesión antes)
sync-server-answered = el servidor respondió { $status }
double-entries-one = { $count } acceso doble enviado: admitido aquí sin conexión, pero ya dentro (o anulado) en el servidor; el organizador lo ve
double-entries-other = { $count } accesos dobles enviados: admitidos aquí sin conexión, pero ya dentro (o anulados) en el servidor; el organizador los ve

## Búsqueda de invitados por nombre.
search-too-short = Escribe al menos 3 letras del nombre.
search-failed = La búsqueda falló
search-none = Nadie con ese nombre.
search-party = llegados: { $arrived } de { $size }
search-check-in = Dejar entrar
status-valid = válida
status-used = usada
status-revoked = anulada
no-connection = Sin conexión

## La cámara.
camera-unsupported = Este navegador no da acceso a la cámara a las páginas web.
camera-typing-works = Puedes seguir escribiendo los códigos o usar un escáner USB.
camera-needs-https = Escanear con la cámara requiere HTTPS (o localhost, en el propio servidor): el organizador inicia ticket-web con { $cert } y { $key }.
camera-not-ticket = Ese código QR no es una entrada.
camera-point = Apunta la cámara al código QR de una entrada.
camera-denied = Se denegó el acceso a la cámara. Permite la cámara para este sitio en los ajustes del navegador (el icono junto a la dirección) y vuelve a pulsar Cámara.
camera-none = Este dispositivo no tiene cámara.
camera-busy = Otra aplicación está usando la cámara, o no pudo iniciarse.
camera-failed = La cámara no se inició.
camera-failed-named = La cámara no se inició ({ $error }).
camera-starting = Iniciando la cámara…
camera-stopped = La cámara se detuvo.
camera-no-reader = El lector de códigos QR no pudo cargarse en este teléfono: escribe los códigos.
camera-paused = Cámara en pausa mientras la página estaba oculta.
note-hint = (toca para confirmar la nota)
