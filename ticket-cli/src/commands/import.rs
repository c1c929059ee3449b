//! `import FILE --event EVENT`.

use std::io::IsTerminal as _;
use std::time::Duration;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use ticketcore::import::{ColumnNames, ImportOptions};

use super::Ctx;
use crate::args::ImportArgs;
use crate::output::{self, Cell, GREEN, RED, Table, paint};

pub async fn run(ctx: &Ctx, args: ImportArgs) -> anyhow::Result<u8> {
    let office = ctx.office().await?;
    let event = office.event(&args.event).await?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = std::fs::metadata(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    anyhow::ensure!(meta.is_file(), "{} is not a file", args.file.display());
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
        "{} is {} bytes; guest lists may be at most {} bytes",
        args.file.display(),
        meta.len(),
        options.max_bytes
    );
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let spinner = if std::io::stderr().is_terminal() && !ctx.json {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("reading {file_name}"));
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
        let mut table = Table::new(&["ROW", "NAME", "PROBLEM"]);
        for p in &report.invalid {
            table.row(vec![
                Cell::from(p.row.to_string()),
                Cell::from(p.name.as_str()),
                Cell::from(p.problem.as_str()),
            ]);
        }
        table.print();
    }
    let place = match &report.sheet {
        Some(sheet) => format!("sheet `{sheet}`, header on row {}", report.header_row),
        None => format!("header on row {}", report.header_row),
    };
    let already = match report.already {
        0 => String::new(),
        1 => "; 1 guest was there already (same address)".to_string(),
        n => format!("; {n} guests were there already (same address)"),
    };
    if report.dry_run {
        anstream::println!(
            "dry run: {} guests would be imported, {} rows have problems ({place}){already}; nothing was changed",
            report.valid,
            report.invalid.len()
        );
    } else if report.refused {
        anstream::eprintln!(
            "{} {} rows have problems; nothing was imported. Fix them, or import the {} good rows with --skip-invalid",
            paint(RED, "error:"),
            report.invalid.len(),
            report.valid
        );
    } else {
        anstream::println!(
            "{} imported {} guests into {} ({place}){}{already}",
            paint(GREEN, "ok:"),
            report.imported,
            event.slug,
            if report.invalid.is_empty() {
                String::new()
            } else {
                format!("; skipped {} bad rows", report.invalid.len())
            }
        );
    }
    Ok(u8::from(failed))
}
