//! The QR code of a ticket, as the PNG image a ticket mail carries inline.
//!
//! The code encodes the ticket's letter code and nothing else, so a camera
//! at the door decides it exactly as if the letters had been typed. Drawn
//! with the `qrcode` crate (error correction level M: a quarter of the
//! symbol may be smudged or cracked) and written as a black-and-white PNG
//! with the `png` crate.

use crate::error::{Error, Result};

/// Pixels per module of the drawn code (a 3-letter code is a 21-module
/// symbol: 232 pixels square with the margin).
pub const MODULE_PIXELS: usize = 8;

/// White modules around the symbol, as the QR standard asks (ISO/IEC 18004
/// section 6.3.8: four modules).
pub const QUIET_ZONE_MODULES: usize = 4;

/// The `Content-ID` of the QR image in a ticket mail; the HTML part shows it
/// as `<img src="cid:ticket-qr">`.
pub const CONTENT_ID: &str = "ticket-qr";

/// A PNG of the QR code of `code`.
///
/// # Errors
/// [`Error::Internal`] when the code cannot be drawn (longer than a QR code
/// holds, about 2,300 letters; ticket codes are at most a few dozen).
pub fn ticket_qr_png(code: &str) -> Result<Vec<u8>> {
    qr_png(code)
}

/// A PNG of the QR code of any `text` (a ticket's code, a pairing link),
/// drawn as [`ticket_qr_png`] draws a code.
///
/// # Errors
/// [`Error::Internal`] when the text is longer than a QR code holds (about
/// 2,300 characters).
pub fn qr_png(text: &str) -> Result<Vec<u8>> {
    // The text may be a secret (a pairing link): errors never quote it.
    let symbol =
        qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).map_err(|e| {
            Error::Internal(format!(
                "cannot draw a QR code of {} characters: {e}",
                text.chars().count()
            ))
        })?;
    let modules = symbol.width();
    let colors = symbol.to_colors();
    let side = (modules + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS;
    let mut pixels = vec![0xff_u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color != qrcode::Color::Dark {
            continue;
        }
        let (x, y) = (i % modules, i / modules);
        for dy in 0..MODULE_PIXELS {
            let row = (y + QUIET_ZONE_MODULES) * MODULE_PIXELS + dy;
            let start = row * side + (x + QUIET_ZONE_MODULES) * MODULE_PIXELS;
            if let Some(run) = pixels.get_mut(start..start + MODULE_PIXELS) {
                run.fill(0);
            }
        }
    }
    let side =
        u32::try_from(side).map_err(|_| Error::Internal("the QR code is too large".into()))?;
    let mut png = Vec::new();
    let failed = |e: png::EncodingError| Error::Internal(format!("cannot write a PNG: {e}"));
    let mut encoder = png::Encoder::new(&mut png, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&pixels).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(png)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_png_with_the_quiet_zone() {
        let png = ticket_qr_png("ABC").expect("drawn");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // IHDR: width and height, big-endian, at bytes 16..24.
        let side = (21 + 2 * QUIET_ZONE_MODULES) * MODULE_PIXELS;
        let side = u32::try_from(side).expect("side");
        assert_eq!(&png[16..20], &side.to_be_bytes());
        assert_eq!(&png[20..24], &side.to_be_bytes());
    }
}
