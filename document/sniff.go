package document

import (
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// sniffLen is how far into a file HTML markers are looked for.
const sniffLen = 1024

// The patterns are compiled when first needed, not when every ducha
// command starts.
var (
	htmlStart   = []string{"<!doctype html", "<html", "<head", "<body"}
	htmlTagRe   = lazyRegexp(`(?i)<(html|body)[\s>/]`)
	anyTagRe    = lazyRegexp(`(?i)</?[a-z][a-z0-9]*(\s[^<>]*)?/?>`)
	metaCharset = lazyRegexp(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)`)
)

func lazyRegexp(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// looksLikeHTML reports whether decoded text is an HTML page: it starts
// (after white space, comments and an XML declaration) with a doctype or
// an html, head or body tag, or has an html or body tag early on, or the
// file is named .htm/.html and has tags.
func looksLikeHTML(text, name string) bool {
	head := text
	if len(head) > 4*sniffLen {
		head = head[:4*sniffLen]
	}
	rest := skipPrologue(head)
	low := strings.ToLower(prefix(rest, 32))
	for _, s := range htmlStart {
		if strings.HasPrefix(low, s) {
			return true
		}
	}
	if htmlTagRe().MatchString(prefix(head, sniffLen)) {
		return true
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".htm", ".html", ".xhtml", ".shtml":
		return anyTagRe().MatchString(head)
	}
	return false
}

// skipPrologue skips leading white space, comments and <?...?> processing
// instructions.
func skipPrologue(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\n\r\f\v\ufeff")
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s, "-->")
			if end < 0 {
				return ""
			}
			s = s[end+3:]
		case strings.HasPrefix(s, "<?"):
			end := strings.Index(s, "?>")
			if end < 0 {
				return ""
			}
			s = s[end+2:]
		default:
			return s
		}
	}
}

// prefix returns at most n bytes of s.
func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// declaredCharset returns the charset an HTML page declares in a <meta>
// tag near its start, lower-cased, or "".
func declaredCharset(b []byte) string {
	if len(b) > 4*sniffLen {
		b = b[:4*sniffLen]
	}
	m := metaCharset().FindSubmatch(b)
	if m == nil {
		return ""
	}
	return strings.ToLower(string(m[1]))
}

// isGBCharset reports whether a declared charset is one that GB18030
// decodes: gb2312, gbk, gb18030 and their usual aliases.
func isGBCharset(cs string) bool {
	switch cs {
	case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312", "gb_2312-80", "euc-cn", "x-euc-cn":
		return true
	}
	return false
}
