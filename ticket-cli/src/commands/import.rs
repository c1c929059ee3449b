//! `import FILE --event EVENT`.

use std::io::IsTerminal as _;
use std::time::Duration;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ticketcore::import::{ColumnNames, ImportOptions};

use super::Ctx;
use crate::args::ImportArgs;
use crate::output::{self, Cell, GREEN, RED, Table, paint};
use crate::tr::{t, t_with, tn};

pub async fn run(ctx: &Ctx, args: ImportArgs) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(&args.event).await?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = std::fs::metadata(&args.file)
        .with_context(|| t_with("cli-cannot-read", &[("path", &args.file.display())]))?;
    anyhow::ensure!(
        meta.is_file(),
        "{}",
        t_with("cli-not-a-file", &[("path", &args.file.display())])
    );
    let options = ImportOptions {
        skip_invalid: args.skip_invalid,
        dry_run: args.dry_run,
        sheet: args.sheet,
        columns: ColumnNames {
            name: args.name_column,
            first_name: args.first_name_column,
            last_name: args.last_name_column,
            email: args.email_column,
            salutation: args.salutation_column,
            persons: args.persons_column,
            note: args.note_column,
        },
        ..ImportOptions::default()
    };
    anyhow::ensure!(
        meta.len() <= options.max_bytes,
        "{}",
        t_with(
            "cli-import-too-big",
            &[
                ("path", &args.file.display()),
                ("bytes", &meta.len()),
                ("max", &options.max_bytes),
            ],
        )
    );
    let bytes = std::fs::read(&args.file)
        .with_context(|| t_with("cli-cannot-read", &[("path", &args.file.display())]))?;
    let spinner = if std::io::stderr().is_terminal() && !ctx.json {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(t_with("cli-import-reading", &[("file", &file_name)]));
        bar.enable_steady_tick(Duration::from_millis(100));
        Some(bar)
    } else {
        None
    };
    let report = office
        .import_guests(&event, bytes, &file_name, &options)
        .await;
    if let Some(bar) = spinner {
        bar.finish_and_clear();
    }
    let report = report?;
    let failed = report.refused;
    if ctx.json {
        output::json(&serde_json::json!({
            "imported": report.imported,
            "valid": report.valid,
            "already": report.already,
            "invalid": report.invalid,
            "refused": report.refused,
            "dry_run": report.dry_run,
            "sheet": report.sheet,
            "header_row": report.header_row,
        }))?;
        return Ok(u8::from(failed));
    }
    if !report.invalid.is_empty() {
        let mut table = Table::with_headers(vec![
            t("cli-import-col-row"),
            t("cli-import-col-name"),
            t("cli-import-col-problem"),
        ]);
        for p in &report.invalid {
            table.row(vec![
                Cell::from(p.row.to_string()),
                Cell::from(p.name.as_str()),
                Cell::from(p.text(crate::tr::lang())),
            ]);
        }
        table.print();
    }
    let place = match &report.sheet {
        Some(sheet) => t_with(
            "cli-import-place-sheet",
            &[("sheet", sheet), ("row", &report.header_row)],
        ),
        None => t_with("cli-import-place", &[("row", &report.header_row)]),
    };
    let already = match report.already {
        0 => String::new(),
        n => tn("cli-import-already", n as u64, &[("count", &n)]),
    };
    let problems = tn(
        "cli-import-problem-rows",
        report.invalid.len() as u64,
        &[("count", &report.invalid.len())],
    );
    if report.dry_run {
        anstream::println!(
            "{}",
            t_with(
                "cli-import-dry-run",
                &[
                    (
                        "guests",
                        &tn(
                            "cli-import-guests",
                            report.valid as u64,
                            &[("count", &report.valid)],
                        ),
                    ),
                    ("problems", &problems),
                    ("place", &place),
                    ("already", &already),
                ],
            )
        );
    } else if report.refused {
        anstream::eprintln!(
            "{} {}",
            paint(RED, t("cli-error")),
            tn(
                "cli-import-refused",
                report.valid as u64,
                &[("problems", &problems), ("valid", &report.valid)],
            )
        );
    } else {
        anstream::println!(
            "{} {}",
            paint(GREEN, t("cli-ok")),
            t_with(
                "cli-import-done",
                &[
                    (
                        "guests",
                        &tn(
                            "cli-import-guests",
                            report.imported as u64,
                            &[("count", &report.imported)],
                        ),
                    ),
                    ("event", &event.slug),
                    ("place", &place),
                    (
                        "skipped",
                        &if report.invalid.is_empty() {
                            String::new()
                        } else {
                            tn(
                                "cli-import-skipped",
                                report.invalid.len() as u64,
                                &[("count", &report.invalid.len())],
                            )
                        },
                    ),
                    ("already", &already),
                ],
            )
        );
    }
    Ok(u8::from(failed))
}
