//! A small SMTP server for tests (RFC 5321 subset: EHLO/HELO, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT) that records every accepted message and lets a
//! test script refusals.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub rcpt: Vec<String>,
    pub data: String,
}

/// Decides replies: `rcpt(address)` may refuse a recipient; `data(accepted_so_far)`
/// may refuse a message at the end of DATA. `None` accepts.
#[derive(Clone, Default)]
pub struct Script {
    pub rcpt: Option<RcptRule>,
    pub data: Option<DataRule>,
}

/// Refuses a recipient with the returned reply.
pub type RcptRule = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;
/// Refuses a message (given how many were accepted before) with the returned reply.
pub type DataRule = Arc<dyn Fn(usize) -> Option<String> + Send + Sync>;

pub struct SmtpServer {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
    pub script: Arc<Mutex<Script>>,
}

impl SmtpServer {
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    pub fn set_script(&self, script: Script) {
        *self.script.lock().expect("lock") = script;
    }
}

fn addr_of(arg: &str) -> String {
    let start = arg.find('<').map_or(0, |i| i + 1);
    let end = arg.rfind('>').unwrap_or(arg.len());
    arg[start..end.max(start)].to_string()
}

pub async fn start(script: Script) -> SmtpServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let received: Arc<Mutex<Vec<Received>>> = Arc::default();
    let script = Arc::new(Mutex::new(script));
    let (rec, scr) = (received.clone(), script.clone());
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let (rec, scr) = (rec.clone(), scr.clone());
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r);
                let _ = w.write_all(b"220 test.local ESMTP\r\n").await;
                let mut from = String::new();
                let mut rcpt: Vec<String> = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    match lines.read_line(&mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let cmd = line.trim_end().to_string();
                    let upper = cmd.to_ascii_uppercase();
                    let reply: String = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        "250 test.local".into()
                    } else if upper.starts_with("MAIL FROM:") {
                        from = addr_of(&cmd[10..]);
                        rcpt.clear();
                        "250 OK".into()
                    } else if upper.starts_with("RCPT TO:") {
                        let a = addr_of(&cmd[8..]);
                        let refuse = scr.lock().expect("lock").rcpt.clone().and_then(|f| f(&a));
                        match refuse {
                            Some(r) => r,
                            None => {
                                rcpt.push(a);
                                "250 OK".into()
                            }
                        }
                    } else if upper == "DATA" {
                        let _ = w.write_all(b"354 go ahead\r\n").await;
                        let mut data = String::new();
                        loop {
                            line.clear();
                            match lines.read_line(&mut line).await {
                                Ok(0) | Err(_) => return,
                                Ok(_) => {}
                            }
                            if line == ".\r\n" || line == ".\n" {
                                break;
                            }
                            let l = line
                                .strip_prefix('.')
                                .filter(|_| line.starts_with(".."))
                                .unwrap_or(&line);
                            data.push_str(l);
                        }
                        let accepted = rec.lock().expect("lock").len();
                        let refuse = scr
                            .lock()
                            .expect("lock")
                            .data
                            .clone()
                            .and_then(|f| f(accepted));
                        match refuse {
                            Some(r) => r,
                            None => {
                                rec.lock().expect("lock").push(Received {
                                    from: from.clone(),
                                    rcpt: std::mem::take(&mut rcpt),
                                    data,
                                });
                                "250 queued".into()
                            }
                        }
                    } else if upper == "RSET" {
                        rcpt.clear();
                        "250 OK".into()
                    } else if upper == "NOOP" {
                        "250 OK".into()
                    } else if upper == "QUIT" {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        "502 not implemented".into()
                    };
                    if w.write_all(format!("{reply}\r\n").as_bytes())
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    SmtpServer {
        addr,
        received,
        script,
    }
}
