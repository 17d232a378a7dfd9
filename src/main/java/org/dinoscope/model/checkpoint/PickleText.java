package org.dinoscope.model.checkpoint;

import java.io.ByteArrayOutputStream;

/** Decoding of the text forms used by pickle protocol 0 (STRING and UNICODE opcodes). */
final class PickleText {
    private PickleText() {
    }

    /** The bytes of a Python 2 {@code str} repr such as {@code 'a\n\x00'} (STRING opcode). */
    static byte[] stringLiteral(String line, String where) throws CheckpointException {
        if (line.length() < 2 || line.charAt(0) != line.charAt(line.length() - 1)
                || (line.charAt(0) != '\'' && line.charAt(0) != '"')) {
            throw new CheckpointException(where + ": malformed STRING opcode argument (not quoted)");
        }
        String body = line.substring(1, line.length() - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.write(c & 0xff);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n': out.write('\n'); break;
                case 't': out.write('\t'); break;
                case 'r': out.write('\r'); break;
                case 'a': out.write(7); break;
                case 'b': out.write(8); break;
                case 'f': out.write(12); break;
                case 'v': out.write(11); break;
                case '\n': break;
                case 'x':
                    if (isHex(body, i + 1, 2)) {
                        out.write(Integer.parseInt(body.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        throw new CheckpointException(where + ": malformed \\x escape in a STRING opcode");
                    }
                    break;
                default:
                    if (e >= '0' && e <= '7') {
                        int v = e - '0';
                        int k = 0;
                        while (k < 2 && i + 1 < body.length() && body.charAt(i + 1) >= '0'
                                && body.charAt(i + 1) <= '7') {
                            v = v * 8 + body.charAt(++i) - '0';
                            k++;
                        }
                        out.write(v & 0xff);
                    } else if (e == '\\' || e == '\'' || e == '"') {
                        out.write(e);
                    } else {
                        out.write('\\');
                        out.write(e & 0xff);
                    }
            }
        }
        return out.toByteArray();
    }

    /** Python's raw-unicode-escape: only {@code \\uXXXX} and {@code \\UXXXXXXXX} are escapes (UNICODE opcode). */
    static String rawUnicodeEscape(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == 'u' && isHex(line, i + 2, 4)) {
                sb.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == 'U'
                    && isHex(line, i + 2, 8)) {
                long cp = Long.parseLong(line.substring(i + 2, i + 10), 16);
                if (cp <= Character.MAX_CODE_POINT) {
                    sb.appendCodePoint((int) cp);
                } else {
                    sb.append('\uFFFD');
                }
                i += 9;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(String s, int from, int n) {
        if (from + n > s.length()) {
            return false;
        }
        for (int i = from; i < from + n; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
