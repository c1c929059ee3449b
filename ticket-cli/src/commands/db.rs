//! `db migrate`, `db backup`, `db sql`.

use ticketcore::maintenance::{self, SqlOutput};

use super::Ctx;
use crate::args::DbCommand;
use crate::output::{self, Cell, Table};
use crate::tr::{t_with, tn};

pub async fn run(ctx: &Ctx, cmd: DbCommand) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    match cmd {
        DbCommand::Migrate => {
            let info = maintenance::schema_info(&office).await?;
            if ctx.json {
                output::json(&info)?;
            } else {
                anstream::println!(
                    "{}",
                    tn(
                        "cli-db-migrated",
                        info.applied,
                        &[
                            ("url", &ctx.shown_url()),
                            ("backend", &info.backend),
                            ("version", &info.version),
                            ("description", &info.description),
                            ("applied", &info.applied),
                        ],
                    )
                );
            }
        }
        DbCommand::Backup { file } => {
            let info = maintenance::backup(&office, &file).await?;
            if ctx.json {
                output::json(&info)?;
            } else {
                anstream::println!(
                    "{}",
                    t_with(
                        "cli-db-backup-written",
                        &[
                            ("path", &info.path.display()),
                            ("bytes", &output::count(info.bytes)),
                        ],
                    )
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
                            tn(
                                "cli-db-rows",
                                n as u64,
                                &[("count", &output::count(n as u64))],
                            )
                        )
                    );
                }
                SqlOutput::Done { rows_affected } => {
                    anstream::println!(
                        "{}",
                        tn(
                            "cli-db-rows-affected",
                            rows_affected,
                            &[("count", &output::count(rows_affected))],
                        )
                    );
                }
            }
        }
    }
    Ok(0)
}
