//! `user …` and `token create`.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Context as _, anyhow, bail};
use serde_json::json;
use ticketcore::Role;

use super::Ctx;
use crate::args::{RoleArg, TokenCommand, UserCommand};
use crate::output::{self, BOLD, Cell, Table, paint};

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
            .context("cannot read the password from stdin")?;
        let password = line.trim_end_matches(['\n', '\r']).to_string();
        if password.is_empty() {
            bail!("no password on stdin: --password-stdin reads the first line");
        }
        return Ok(password);
    }
    // Asking needs a person at a terminal; a pipe means a script forgot the flag.
    if !std::io::stdin().is_terminal() {
        bail!(
            "stdin is not a terminal, so no password can be asked for; pipe it in with --password-stdin"
        );
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| {
            anyhow!("cannot ask for a password without a terminal ({e}); pipe it in with --password-stdin")
        })
    };
    let first = ask(&format!("New password for {name}: "))?;
    let second = ask("Repeat it: ")?;
    if first != second {
        bail!("the two passwords differ; nothing was changed");
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
                    "Created {} {}.",
                    user.role.as_str(),
                    paint(BOLD, &user.name)
                );
            }
        }
        UserCommand::List => {
            let office = ctx.office().await?;
            let users = office.users().await?;
            if ctx.json {
                output::json(&users)?;
            } else if users.is_empty() {
                anstream::println!(
                    "No users yet; add one with `ticket-cli user add NAME --role admin`."
                );
            } else {
                let mut table = Table::new(&["NAME", "ROLE", "CREATED"]);
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
                anstream::println!("Password of {} changed.", paint(BOLD, name.trim()));
            }
        }
        UserCommand::Role { name, role: r } => {
            let office = ctx.office().await?;
            office.set_role(&name, role(r)).await?;
            if ctx.json {
                output::json(&json!({ "user": name.trim(), "role": role(r) }))?;
            } else {
                anstream::println!("{} is now {}.", paint(BOLD, name.trim()), role(r).as_str());
            }
        }
        UserCommand::Remove { name } => {
            let office = ctx.office().await?;
            office.remove_user(&name).await?;
            if ctx.json {
                output::json(&json!({ "removed": name.trim() }))?;
            } else {
                anstream::println!("Removed {} and their API tokens.", paint(BOLD, name.trim()));
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
                output::note(format!(
                    "API token {} (`{}`) for {}: shown only this once, store it now. Send it as `Authorization: Bearer TOKEN`.",
                    token.id,
                    token.label,
                    name.trim()
                ));
            }
        }
    }
    Ok(0)
}
