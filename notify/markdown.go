package notify

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The robots' markdown dialects do not reliably honour backslash escapes
// (a backslash would be shown as is), so EscapeMarkdown neutralises the
// special characters by replacing them with their full-width forms, which
// read naturally in Chinese text and can never form markup.
var mdReplacer = strings.NewReplacer(
	`\`, "＼", "[", "［", "]", "］", "(", "（", ")", "）",
	"*", "＊", "_", "＿", "`", "｀", "#", "＃", ">", "＞",
	"<", "＜", "~", "～", "|", "｜", "!", "！",
	// No autolinks out of user data.
	"://", "：//", "www.", "www．",
)

// EscapeMarkdown makes user text safe to embed inline in WeCom or DingTalk
// markdown: the characters []()*_`#><~|!\ become their full-width forms
// (so a title cannot inject a link, emphasis, a heading, a quote or a
// <font>/<@user> tag), "://" and "www." are broken so nothing is
// autolinked, and line breaks and other control characters become spaces.
func EscapeMarkdown(s string) string {
	return mdReplacer.Replace(cleanText(s))
}

// escapeLine is EscapeMarkdown for a whole line: it also neutralises the
// block markers a line may start with (lists, setext underlines, ordered
// lists).
func escapeLine(s string) string {
	s = EscapeMarkdown(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '-':
		return "－" + s[1:]
	case '+':
		return "＋" + s[1:]
	case '=':
		return "＝" + s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && s[i] == '.' {
		return s[:i] + "．" + s[i+1:]
	}
	return s // ")" after digits is already "）"
}

// cleanText turns line breaks, tabs and other control characters into
// spaces, collapses runs of white space and trims the result: titles and
// header values are single lines. A line break between two CJK
// characters is dropped rather than turned into a space, as Chinese text
// has no spaces between words.
func cleanText(s string) string {
	var b strings.Builder
	space, lineBreak := false, false
	var prev rune
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			space = true
			lineBreak = lineBreak || r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029'
			continue
		}
		if space && b.Len() > 0 && !(lineBreak && wide(prev) && wide(r)) {
			b.WriteByte(' ')
		}
		space, lineBreak, prev = false, false, r
		b.WriteRune(r)
	}
	return b.String()
}

// wide reports whether r is a CJK character or full-width punctuation.
func wide(r rune) bool { return r >= 0x2E80 }

// shorten cuts s to at most n runes, marking a cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// markdownLink returns a markdown link to raw, or "" when raw is not an
// absolute http(s) URL. Characters that could end the link destination or
// start markup are percent-encoded.
func markdownLink(text, raw string) string {
	u, ok := httpURL(raw)
	if !ok {
		return ""
	}
	dest := strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E",
		" ", "%20", `"`, "%22", "`", "%60", "[", "%5B", "]", "%5D").Replace(u.String())
	return "[" + EscapeMarkdown(text) + "](" + dest + ")"
}

// httpURL parses raw as an absolute http or https URL with a host.
func httpURL(raw string) (*url.URL, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}

// Markdown renders m for a markdown robot: the subject as a heading, each
// line of the body as a paragraph — "标签：值" lines with a short Han
// label get the label in bold — and the link as 查看详情. All text from
// the message is escaped with EscapeMarkdown, so user data cannot add
// markup; only the link (when it is an http(s) URL) is a live link.
func Markdown(m Message) string {
	return renderMarkdown(m, "\n\n", 0)
}

// renderMarkdown renders m with sep between paragraphs, keeping the
// result within limit bytes (0: no limit) by dropping whole body lines
// from the end; the heading and the link are always kept.
func renderMarkdown(m Message, sep string, limit int) string {
	head := "### " + EscapeMarkdown(shorten(cleanText(m.Subject), 120))
	tail := ""
	if l := markdownLink("查看详情", m.Link); l != "" {
		tail = sep + l
	}
	const more = "……"
	var b strings.Builder
	b.WriteString(head)
	for _, line := range strings.Split(m.Body, "\n") {
		p := markdownLine(line)
		if p == "" {
			continue
		}
		if limit > 0 && b.Len()+len(sep)+len(p)+len(tail)+len(sep)+len(more) > limit {
			b.WriteString(sep + more)
			break
		}
		b.WriteString(sep + p)
	}
	b.WriteString(tail)
	return b.String()
}

// markdownLine renders one body line.
func markdownLine(line string) string {
	line = cleanText(line)
	if label, value, ok := strings.Cut(line, "："); ok && value != "" && hanLabel(label) {
		return "**" + label + "**：" + EscapeMarkdown(value)
	}
	return escapeLine(line)
}

// hanLabel reports whether s is a short label of Han characters only, safe
// to put in bold as is.
func hanLabel(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
		n++
	}
	return n > 0 && n <= 8
}

// PlainText renders m as plain text: the body, then the link as
// "查看详情：URL". It is what an e-mail carries.
func PlainText(m Message) string {
	body := strings.TrimRight(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n ")
	if link := strings.TrimSpace(m.Link); link != "" {
		if body != "" {
			body += "\n\n"
		}
		body += "查看详情：" + link
	}
	return body
}
