//! `user …` and `token create`.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Context as _, anyhow, bail};
use serde_json::json;
use ticketcore::Role;

use super::Ctx;
use crate::args::{RoleArg, TokenCommand, UserCommand};
use crate::output::{self, BOLD, Cell, Table, paint};
use crate::tr::{t, t_with};

fn role(arg: RoleArg) -> Role {
    match arg {
        RoleArg::Admin => Role::Admin,
        RoleArg::Scanner => Role::Scanner,
    }
}

/// The new password: one line of stdin, or asked twice on the terminal without echo.
fn read_password(from_stdin: bool, name: &str) -> anyhow::Result<String> {
    if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .with_context(|| t("cli-password-cannot-read-stdin"))?;
        let password = line.trim_end_matches(['\n', '\r']).to_string();
        if password.is_empty() {
            bail!(t("cli-password-none-on-stdin"));
        }
        return Ok(password);
    }
    // Asking needs a person at a terminal; a pipe means a script forgot the flag.
    if !std::io::stdin().is_terminal() {
        bail!(t("cli-password-no-terminal"));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|e| anyhow!(t_with("cli-password-cannot-ask", &[("reason", &e)])))
    };
    let first = ask(&format!(
        "{} ",
        t_with("cli-password-prompt", &[("name", &name)])
    ))?;
    let second = ask(&format!("{} ", t("cli-password-repeat")))?;
    if first != second {
        bail!(t("cli-password-mismatch"));
    }
    Ok(first)
}

pub async fn run(ctx: &Ctx, cmd: UserCommand) -> anyhow::Result<u8> {
    match cmd {
        UserCommand::Add {
            name,
            role: r,
            password_stdin,
        } => {
            let password = read_password(password_stdin, &name)?;
            let office = ctx.office().await?;
            let user = office.add_user(&name, role(r), &password).await?;
            if ctx.json {
                output::json(&user)?;
            } else {
                anstream::println!(
                    "{}",
                    t_with(
                        "cli-user-created",
                        &[
                            ("role", &user.role.as_str()),
                            ("name", &paint(BOLD, &user.name)),
                        ],
                    )
                );
            }
        }
        UserCommand::List => {
            let office = ctx.office().await?;
            let users = office.users().await?;
            if ctx.json {
                output::json(&users)?;
            } else if users.is_empty() {
                anstream::println!("{}", t("cli-users-none"));
            } else {
                let mut table = Table::with_headers(vec![
                    t("cli-users-col-name"),
                    t("cli-users-col-role"),
                    t("cli-users-col-created"),
                ]);
                for u in &users {
                    table.row(vec![
                        Cell::from(u.name.as_str()),
                        Cell::from(u.role.as_str()),
                        Cell::from(output::time(&u.created_at)),
                    ]);
                }
                table.print();
            }
        }
        UserCommand::Passwd {
            name,
            password_stdin,
        } => {
            let office = ctx.office().await?;
            // Fail on an unknown name before asking for a password.
            if !office.users().await?.iter().any(|u| u.name == name.trim()) {
                return Err(ticketcore::Error::not_found("user", name.trim()).into());
            }
            let password = read_password(password_stdin, &name)?;
            office.set_password(&name, &password).await?;
            if ctx.json {
                output::json(&json!({ "user": name.trim(), "password_changed": true }))?;
            } else {
                anstream::println!(
                    "{}",
                    t_with(
                        "cli-user-password-changed",
                        &[("name", &paint(BOLD, name.trim()))],
                    )
                );
            }
        }
        UserCommand::Role { name, role: r } => {
            let office = ctx.office().await?;
            office.set_role(&name, role(r)).await?;
            if ctx.json {
                output::json(&json!({ "user": name.trim(), "role": role(r) }))?;
            } else {
                anstream::println!(
                    "{}",
                    t_with(
                        "cli-user-role-set",
                        &[
                            ("name", &paint(BOLD, name.trim())),
                            ("role", &role(r).as_str()),
                        ],
                    )
                );
            }
        }
        UserCommand::Remove { name } => {
            let office = ctx.office().await?;
            office.remove_user(&name).await?;
            if ctx.json {
                output::json(&json!({ "removed": name.trim() }))?;
            } else {
                anstream::println!(
                    "{}",
                    t_with("cli-user-removed", &[("name", &paint(BOLD, name.trim()))],)
                );
            }
        }
    }
    Ok(0)
}

pub async fn token(ctx: &Ctx, cmd: TokenCommand) -> anyhow::Result<u8> {
    match cmd {
        TokenCommand::Create { name, label } => {
            let office = ctx.office().await?;
            let (token, secret) = office.create_token(&name, &label).await?;
            if ctx.json {
                output::json(&json!({
                    "token": secret,
                    "id": token.id,
                    "user": name.trim(),
                    "label": token.label,
                    "created_at": token.created_at,
                }))?;
            } else {
                anstream::println!("{secret}");
                output::note(t_with(
                    "cli-token-created",
                    &[
                        ("id", &token.id),
                        ("label", &token.label),
                        ("user", &name.trim()),
                    ],
                ));
            }
        }
    }
    Ok(0)
}
