// Package samples embeds the fictional 示例区 reports and units directory
// written for the project, so that the binary can build a demo ledger
// without any file beside it.
package samples

import "embed"

// FS holds shili-2024.txt, shili-2025.txt and units.csv.
//
//go:embed shili-2024.txt shili-2025.txt units.csv
var FS embed.FS

// Reports lists the embedded reports, oldest first.
var Reports = []string{"shili-2024.txt", "shili-2025.txt"}

// Units is the embedded units directory.
const Units = "units.csv"
