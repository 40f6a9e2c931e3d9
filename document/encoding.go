package document

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Decode decodes the bytes of a text file to UTF-8 and names the encoding
// it found: "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "gb18030".
// A leading byte order mark is dropped; nothing else is changed (line
// ends are left as they are). Binary data and bytes that are neither
// UTF-8 nor GB18030 are errors (*Error without a Name).
func Decode(b []byte) (text string, encoding string, err error) {
	switch {
	case bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")):
		if bad := firstInvalidUTF8(b[3:]); bad >= 0 {
			return "", "", newError("", "undecodable bytes at offset %d: invalid UTF-8 after a UTF-8 byte order mark", bad+3)
		}
		text, encoding = string(b[3:]), "utf-8-bom"
	case bytes.HasPrefix(b, []byte("\xFF\xFE")):
		text, encoding, err = decodeUTF16(b, 2, false)
	case bytes.HasPrefix(b, []byte("\xFE\xFF")):
		text, encoding, err = decodeUTF16(b, 2, true)
	case bytes.IndexByte(b, 0) >= 0:
		if bigEndian, ok := looksLikeUTF16(b); ok {
			text, encoding, err = decodeUTF16(b, 0, bigEndian)
			break
		}
		if bigEndian, ok := mayBeUTF16(b); ok {
			order := "little-endian"
			if bigEndian {
				order = "big-endian"
			}
			return "", "", newError("", "looks like UTF-16 (%s) text without a byte order mark: "+
				"save it as UTF-8, or as UTF-16 with a byte order mark (in Notepad: Save As, encoding UTF-8) "+
				"（疑似无字节顺序标记的 UTF-16 文本：请另存为 UTF-8 或带 BOM 的 UTF-16）", order)
		}
		return "", "", newError("", "binary data, not a text document (NUL byte at offset %d)", bytes.IndexByte(b, 0))
	case utf8.Valid(b):
		text, encoding = string(b), "utf-8"
	default:
		text, encoding, err = decodeGB18030(b)
	}
	if err != nil {
		return "", "", err
	}
	if err := checkControl(text); err != nil {
		return "", "", err
	}
	// Drop a byte order mark that decoding kept (GB18030 encodes one,
	// and some tools write two).
	return strings.TrimLeft(text, "\uFEFF"), encoding, nil
}

// firstInvalidUTF8 returns the offset of the first byte that is not part
// of a valid UTF-8 sequence, or -1.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// looksLikeUTF16 guesses UTF-16 without a byte order mark from the NUL
// high bytes of ASCII characters: all NULs on one side of the code units
// and at least a fifth of the units holding one.
func looksLikeUTF16(b []byte) (bigEndian, ok bool) {
	if len(b) < 4 || len(b)%2 != 0 {
		return false, false
	}
	var even, odd int
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	units := len(b) / 2
	switch {
	case even == 0 && odd*5 >= units:
		return false, true
	case odd == 0 && even*5 >= units:
		return true, true
	}
	return false, false
}

// mayBeUTF16 tells UTF-16 without a byte order mark that looksLikeUTF16
// cannot be sure of (Chinese text has few ASCII characters, so few NUL
// bytes; and a character such as 一, U+4E00, has a NUL byte of its own)
// from binary data: read in one byte order, at least nineteen code units
// in twenty are characters of text — printable ASCII, line breaks, CJK
// ideographs and punctuation, full-width forms.
func mayBeUTF16(b []byte) (bigEndian, ok bool) {
	if len(b) < 4 || len(b)%2 != 0 {
		return false, false
	}
	for _, be := range []bool{false, true} {
		text := 0
		for i := 0; i+1 < len(b); i += 2 {
			u := rune(b[i+1])<<8 | rune(b[i])
			if be {
				u = rune(b[i])<<8 | rune(b[i+1])
			}
			switch {
			case u >= 0x20 && u < 0x7F, u == '\n', u == '\r', u == '\t',
				u >= 0x2000 && u < 0x2070, // general punctuation: — “ ” …
				u >= 0x3000 && u < 0x3040, // CJK punctuation: 、。《》
				u >= 0x4E00 && u < 0xA000, // CJK ideographs
				u >= 0xFF00 && u < 0xFFF0: // full-width forms: （），：
				text++
			}
		}
		if text*20 >= len(b)/2*19 {
			return be, true
		}
	}
	return false, false
}

// decodeUTF16 decodes b[skip:] as UTF-16; offsets in errors count from
// the start of b.
func decodeUTF16(b []byte, skip int, bigEndian bool) (string, string, error) {
	order, enc := unicode.LittleEndian, "utf-16le"
	if bigEndian {
		order, enc = unicode.BigEndian, "utf-16be"
	}
	body := b[skip:]
	unit := func(i int) uint16 {
		if bigEndian {
			return uint16(body[i])<<8 | uint16(body[i+1])
		}
		return uint16(body[i+1])<<8 | uint16(body[i])
	}
	for i := 0; i+1 < len(body); i += 2 {
		u := unit(i)
		switch {
		case u == 0:
			return "", "", newError("", "binary data, not a text document (NUL character at offset %d)", skip+i)
		case u >= 0xD800 && u < 0xDC00: // high surrogate: a low one must follow
			if i+3 >= len(body) || unit(i+2) < 0xDC00 || unit(i+2) >= 0xE000 {
				return "", "", newError("", "undecodable bytes at offset %d: unpaired surrogate in %s text", skip+i, strings.ToUpper(enc))
			}
			i += 2
		case u >= 0xDC00 && u < 0xE000:
			return "", "", newError("", "undecodable bytes at offset %d: unpaired surrogate in %s text", skip+i, strings.ToUpper(enc))
		}
	}
	if len(body)%2 != 0 {
		return "", "", newError("", "undecodable bytes at offset %d: odd number of bytes in %s text", len(b)-1, strings.ToUpper(enc))
	}
	out, _, err := transform.Bytes(unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder(), body)
	if err != nil {
		return "", "", &Error{Msg: "cannot decode " + strings.ToUpper(enc), Err: err}
	}
	return string(out), enc, nil
}

// decodeGB18030 decodes b as GB18030, which covers GBK and GB2312.
func decodeGB18030(b []byte) (string, string, error) {
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), b)
	if err == nil && !bytes.ContainsRune(out, utf8.RuneError) {
		return string(out), "gb18030", nil
	}
	bad := firstInvalidGB18030(b)
	if err == nil && bad < 0 {
		// Every U+FFFD was encoded in the input on purpose.
		return string(out), "gb18030", nil
	}
	if bad < 0 {
		bad = 0
	}
	// Report the offset of the encoding that got further: that is most
	// likely what the file was meant to be.
	if u := firstInvalidUTF8(b); u >= bad {
		return "", "", newError("", "undecodable bytes at offset %d: neither UTF-8 nor GB18030 (the bytes before it are valid UTF-8)", u)
	}
	return "", "", newError("", "undecodable bytes at offset %d: neither UTF-8 nor GB18030", bad)
}

// gbReplacement is U+FFFD encoded in GB18030.
const gbReplacement = "\x84\x31\xA4\x37"

// firstInvalidGB18030 returns the offset of the first byte sequence that
// GB18030 cannot decode, or -1.
func firstInvalidGB18030(b []byte) int {
	dec := simplifiedchinese.GB18030.NewDecoder()
	var buf [16]byte
	for i := 0; i < len(b); {
		c := b[i]
		size := 1
		switch {
		case c <= 0x80: // ASCII, and 0x80 which decodes as the euro sign
			i++
			continue
		case c == 0xFF:
			return i
		case i+1 >= len(b):
			return i
		case b[i+1] >= 0x30 && b[i+1] <= 0x39:
			if i+3 >= len(b) || b[i+2] < 0x81 || b[i+2] > 0xFE || b[i+3] < 0x30 || b[i+3] > 0x39 {
				return i
			}
			size = 4
		case b[i+1] >= 0x40 && b[i+1] <= 0xFE && b[i+1] != 0x7F:
			size = 2
		default:
			return i
		}
		seq := b[i : i+size]
		dec.Reset()
		n, _, err := dec.Transform(buf[:], seq, true)
		if err != nil {
			return i
		}
		if r, _ := utf8.DecodeRune(buf[:n]); r == utf8.RuneError && string(seq) != gbReplacement {
			return i
		}
		i += size
	}
	return -1
}

// checkControl rejects text in which control characters (other than
// tab, line feed, carriage return, form feed, vertical tab and the old
// DOS end-of-file mark) make up more than a tenth of the characters.
func checkControl(text string) error {
	var total, ctrl, first = 0, 0, -1
	for i, r := range text {
		total++
		if isBinaryControl(r) {
			if first < 0 {
				first = i
			}
			ctrl++
		}
	}
	if ctrl > 0 && ctrl*10 > total {
		return newError("", "binary data, not a text document (%d%% control characters, the first at offset %d of the decoded text)", ctrl*100/total, first)
	}
	return nil
}

func isBinaryControl(r rune) bool {
	switch r {
	case '\t', '\n', '\r', '\f', '\v', 0x1A:
		return false
	}
	return r < 0x20 || (r >= 0x7F && r <= 0x9F)
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
