// Package designs holds the grouping designs shipped inside hrgflow.
//
// Today that is one design, "demo": an illustrative design generated from
// public data by grouper/internal/gendemo (run "go generate
// ./grouper/designs"), checked in under demo/ and embedded in the binary.
// It maps every ICD-10 and OPCS-4 code to roots of the 2024/25 price list's
// HRG codes by documented, plausible rules (demo/README.md). It is NOT the
// official NHS England HRG4+ design: its HRGs must not be presented as
// HRG4+ groupings or used for payment. Users who hold the licensed Code to
// Group workbook convert it into a design folder of the same format
// (docs/design-format.md) and pass it with --design.
//
// Package grouper loads and compiles a design; this package only carries
// the files. It imports nothing from hrgflow.
package designs
