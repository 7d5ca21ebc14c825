// A QR code as one SVG path: crisp at any print size, drawn by React, no
// image data in the page.
import QRCode from 'qrcode';

export interface QrShape {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The dark modules as one path, in module units, offset by the quiet zone. */
  path: string;
  /** The side of the viewBox: size plus the quiet zone on both sides. */
  box: number;
}

/** The QR code of `text` (error correction M: survives a crease or a smudge on paper). */
export function qrShape(text: string, quietZone = 2): QrShape {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      // A run of dark modules on the row as one rectangle: a shorter path.
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      path += `M${start + quietZone} ${row + quietZone}h${col - start}v1h${start - col}z`;
    }
  }
  return { size, path, box: size + 2 * quietZone };
}
