//! `db migrate`, `db backup`, `db sql`.

use ticketcore::maintenance::{self, SqlOutput};

use super::Ctx;
use crate::args::DbCommand;
use crate::output::{self, Cell, Table};

pub async fn run(ctx: &Ctx, cmd: DbCommand) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    match cmd {
        DbCommand::Migrate => {
            let info = maintenance::schema_info(&office).await?;
            if ctx.json {
                output::json(&info)?;
            } else {
                anstream::println!(
                    "{} ({}) is at schema version {} ({}), {} migrations applied; up to date.",
                    ctx.shown_url(),
                    info.backend,
                    info.version,
                    info.description,
                    info.applied
                );
            }
        }
        DbCommand::Backup { file } => {
            let info = maintenance::backup(&office, &file).await?;
            if ctx.json {
                output::json(&info)?;
            } else {
                anstream::println!(
                    "Backup written to {} ({} bytes). Restore by pointing --database-url at a copy of it.",
                    info.path.display(),
                    output::count(info.bytes)
                );
            }
        }
        DbCommand::Sql { statement } => {
            let result = maintenance::run_sql(&office, &statement).await?;
            if ctx.json {
                output::json(&result)?;
                return Ok(0);
            }
            match result {
                SqlOutput::Rows { columns, rows } => {
                    let headers: Vec<&str> = columns.iter().map(String::as_str).collect();
                    let mut table = Table::new(&headers);
                    let n = rows.len();
                    for row in rows {
                        table.row(row.iter().map(|v| Cell::from(v.to_string())).collect());
                    }
                    table.print();
                    anstream::println!(
                        "{}",
                        output::paint(
                            output::DIM,
                            format!(
                                "({} row{})",
                                output::count(n as u64),
                                if n == 1 { "" } else { "s" }
                            )
                        )
                    );
                }
                SqlOutput::Done { rows_affected } => {
                    anstream::println!(
                        "{} row{} affected.",
                        output::count(rows_affected),
                        if rows_affected == 1 { "" } else { "s" }
                    );
                }
            }
        }
    }
    Ok(0)
}
