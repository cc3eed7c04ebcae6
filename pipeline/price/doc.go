// Package price is hrgflow's pricing engine: it turns a grouped provider
// spell into a payment, component by component, in integer pence.
//
// It sits after grouping in the data flow (read → validate → spells →
// group → price → aggregate → write). The pipeline loads a price table
// ([LoadTable], or the embedded 2024/25 table from [Default]) and an
// optional market forces factor table ([LoadMFF]) once; workers share them
// (both are immutable and safe for concurrent use) and call
// [PointOfDelivery] and [Table.Price] for every spell. Pricing a spell
// does no I/O and allocates nothing.
//
// # Money
//
// Money is [Pence], an int64 count of pence. Table cells are parsed as
// exact decimals ("£1,234.50" is 123,450p), never through floating point.
// Ratios (MFF indices, short-stay percentages) are integers in parts per
// million, and products are rounded half up to the penny with 128-bit
// integer arithmetic. Sums saturate at the largest int64 rather than wrap.
// A missing price is [NoPrice], never zero: "priced at 0" (LA97A, PB03Z,
// RD97Z, RN97Z, SB97Z, SC97Z, UZ01Z in 2024/25) and "not priced" stay
// distinct all the way to [Breakdown.Status].
//
// # Price tables
//
// A price table is a CSV file with a header. Columns are found by name,
// compared ignoring case, spaces, underscores, hyphens and in-cell line
// breaks (shown as "_" or double spaces after import), so both the compact
// form and the National Tariff Annex A sheet load:
//
//	field                compact name / aliases                         Annex A header
//	HRG                  hrg                                            HRG code
//	day case             day_case, day_case_gbp, day_case_elective_gbp  Day case spell tariff (£)
//	ordinary elective    elective, elective_gbp, ordinary_elective_gbp  Ordinary elective spell tariff (£)
//	combined DC/EL       combined, combined_gbp                         Combined day case / ordinary elective spell tariff (£)
//	non-elective         non_elective, non_elective_gbp                 Non-elective spell tariff (£)
//	elective trim point  elective_trim_point                            Ordinary elective long stay trim point (days)
//	NE trim point        non_elective_trim_point                        Non-elective long stay trim point (days)
//	per-day payment      per_day, per_day_gbp                           Per day long stay payment (for days exceeding trim point) (£)
//	SSEM flag            ssem_applies                                   Reduced short stay emergency tariff applicable? [(Yes/No)]
//	SSEM percentage      ssem_percent                                   % applied in calculation of reduced short stay emergency tariff
//	SSEM price           ssem_price, ssem_price_gbp                     Reduced short stay emergency tariff (£)
//
// Annex headers are also accepted with "price" for "tariff" (the NHS
// Payment Scheme's wording). Other columns are ignored. The HRG column and
// at least one of the four price columns are required.
//
// Cells: "-", an en or em dash, "n/a", "NA" and blank mean missing (not
// priced); a row shorter than the header has its missing cells blank.
// Money may carry "£" and thousands separators; beyond two decimals it is
// rounded half up; it must be non-negative and at most £10,000,000. Trim
// points are whole days ("12" or "12.0"). A percentage is "75%" or "75";
// a value of at most 1 without "%" ("0.75") is read as a fraction, as a
// spreadsheet exports a percentage cell. Flags are Yes/Y/True/1 or
// No/N/False/0 in any case, blank meaning No. Problems are [*TableError]
// values naming file:line:column and the column, up to 50 per load.
// [WriteTable] writes the compact form back.
//
// # Points of delivery
//
// [PointOfDelivery] maps ADMIMETH, CLASSPAT and the length of stay to a
// [POD]:
//
//	POD  meaning                   rule                                           priced from
//	DC   elective day case         ADMIMETH 11/12/13, CLASSPAT 2                  day case, else combined; elective trim point
//	EL   elective ordinary         ADMIMETH 11/12/13, CLASSPAT 1                  elective, else combined; elective trim point
//	NE   non-elective (emergency)  ADMIMETH 21–25, 28, 2A–2D; LOS ≥ 2 or unknown  non-elective; NE trim point
//	NES  non-elective short stay   as NE, LOS 0 or 1                              non-elective; NE trim point; SSEM can apply
//	MAT  maternity                 ADMIMETH 31/32                                 non-elective; NE trim point; no SSEM
//	OTH  other non-elective        ADMIMETH 81/82/83                              non-elective; NE trim point; no SSEM
//	RDA  regular day attender      CLASSPAT 3, any ADMIMETH                       not priced (or as DC, see Rules)
//	RNA  regular night attender    CLASSPAT 4, any ADMIMETH                       not priced (or as DC, see Rules)
//	UNK  unknown                   anything else (see PointOfDelivery)            not priced
//
// MAT and OTH are priced as non-elective, as most implementations do
// (DOMAIN §6.2); they never get the short-stay emergency adjustment, which
// is for emergency admissions. The length of stay (LOS) is whole days from
// admission to discharge (HES SPELDUR): 0 for a same-day spell, 1 for one
// night; negative means unknown. Which LOS the payment rules count (dates,
// or the grouper's SpellLOS net of critical care and rehabilitation days)
// is the caller's choice; the same value drives NES, excess bed days and
// the short-stay test.
//
// # Spell price
//
// [Table.Price] follows DOMAIN §6.3:
//
//  1. UZ01Z is ungroupable: core price 0, status ungroupable, whatever the
//     table says. An HRG not in the table is not_priced_hrg; a POD whose
//     column is missing is not_priced_pod; a column priced 0 is
//     zero_price.
//  2. Base price by POD, as in the table above.
//  3. Reduced short-stay emergency (SSEM), when [Rules.ApplySSEM], the POD
//     is NE or NES, 0 ≤ LOS ≤ 1, the HRG is flagged, and the age at
//     admission is within [Rules.SSEMMinAge] and [Rules.SSEMMaxAge]: the
//     SSEM price replaces the base price, or when the table gives none,
//     base × percentage, rounded half up. An unknown age gets no
//     adjustment (noted) unless the rules set no age bound. The default
//     minimum age, 19, is the adult-only reading of public 2017/19
//     implementations; one implementation applies the adjustment to
//     patients under 19 instead (SSEMMinAge 0, SSEMMaxAge 18). DOMAIN §6.5
//     leaves this unresolved: confirm against the NHSPS in force.
//  4. Otherwise excess bed days = max(0, LOS − trim point), with the
//     elective trim point for DC and EL and the non-elective one for NE,
//     NES, MAT and OTH. They are counted whenever the trim point is known
//     and paid at the per-day price when it is too.
//  5. Unbundled HRGs: each is paid at the first present of its combined,
//     elective, day case and non-elective prices (a table of unbundled
//     unit prices, the Annex "4b" tab, has one price per HRG: put it in
//     any of these columns), times its multiplier when above 0. Unbundled
//     HRGs missing from the table add nothing and are noted.
//  6. MFF: (core + unbundled) × the provider's index, rounded half up once.
//
// A spell without a core price has Total 0 and must be read with its
// status; its unbundled payment is still shown. [Breakdown.Notes] records
// fallbacks (combined column, default MFF, missing trim point or per-day
// price, unknown LOS or age, unpriced unbundled HRGs).
//
// # Market forces factor
//
// An MFF table maps provider codes to indices ([MFF.Index]). A provider
// code longer than 3 characters that is not listed falls back to its first
// 3 (the trust). An unknown provider gets 1.0, with the mff_default note; a
// nil *MFF gives every provider 1.0 without a note.
//
// # Trim points from data
//
// [TrimPoint] is the upper quartile plus 1.5 × the interquartile range of
// lengths of stay, rounded up to a whole day, with R's default (type 7,
// linear interpolation) quartiles, computed exactly. [LOSSamples]
// collects lengths of stay per HRG from a reference run (EL spells for the
// elective trim point; NE, NES, MAT and OTH for the non-elective one; day
// cases are left out) as counts per length, and [LOSSamples.TrimPoints]
// derives both trim points; [Table.WithTrimPoints] fills them into a table
// for [WriteTable].
package price
