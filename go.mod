module ducha

go 1.26.8

require (
	github.com/mattn/go-runewidth v0.0.31
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
)

require github.com/clipperhouse/uax29/v2 v2.2.0 // indirect
