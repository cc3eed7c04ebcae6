package main

// procRule maps OPCS-4 codes to a hierarchy and root. Like dxRules, rules
// claim codes in order; the written file keeps one row per rule, each
// preceded by its conditional variants.
type procRule struct {
	codes string
	hier  int
	root  string // blank for non_grouping rows
	flags string // non_grouping, intervention
	note  string
	when  []whenRule // variants that apply when the primary diagnosis is in a list
}

// whenRule is a conditional variant of a procRule: same codes and
// hierarchy, another root (and flags) when the primary diagnosis is in
// diag.
type whenRule struct {
	diag, root, flags, note string
}

// The hierarchy scale: higher drives grouping over lower; 0 never does.
const (
	hTransplant = 95 // organ transplantation
	hVeryMajor  = 90 // very major open operations
	hMajor      = 80 // major open operations, joint replacement
	hComplex    = 70 // complex interventional and catheter procedures, major fracture surgery
	hInter      = 60 // intermediate open operations
	hPerc       = 50 // therapeutic percutaneous and transluminal procedures
	hEndo       = 40 // therapeutic endoscopic procedures, minor open operations
	hMinor      = 30 // minor operations
	hDiag       = 20 // diagnostic endoscopy and biopsy
	hLow        = 10 // minimal procedures (injections, simple extraction)
	hTest       = 5  // tests that group only when nothing else was done
)

// Flags.
const (
	nonGrouping = "non_grouping"
	interv      = "intervention"
	ngInterv    = "non_grouping;intervention"
)

// giBleed is the primary diagnosis list under which an endoscopy groups
// as a gastrointestinal bleed with an intervention.
const giBleed = "K250;K252;K254;K256;K260;K262;K264;K266;K270;K272;K274;K276;K280;K282;K284;K286;K290;K625;K920-K922;I850"

var bleedWhen = []whenRule{{giBleed, "FD01", interv, "endoscopy for gastrointestinal bleeding"}}

// procRulesAH covers OPCS-4 chapters A to H.
var procRulesAH = []procRule{
	// A Nervous system.
	{"A01-A02;A38*", hVeryMajor, "AA50", "", "major excision of brain tissue and lesions, meningeal lesions", nil},
	{"A03-A11", hMajor, "AA51", "", "other open and stereotactic operations on brain tissue", nil},
	{"A12-A16;A20-A36;A39-A43", hMajor, "AA52", "", "ventricle shunts, cranial nerves, meninges", nil},
	{"A17*", hEndo, "AA52", "", "therapeutic endoscopic operations on ventricle of brain", nil},
	{"A18*", hDiag, "AA52", "", "diagnostic endoscopy of ventricle of brain", nil},
	{"A44-A51", hMajor, "AA53", "", "operations on spinal cord and its meninges", nil},
	{"A52*", hLow, "AB15", "", "therapeutic epidural injection", nil},
	{"A53*", hMinor, "AA54", "", "drainage of spinal canal", nil},
	{"A54*", hLow, "AB22", "", "therapeutic spinal puncture", nil},
	{"A55*", 0, "", ngInterv, "diagnostic spinal puncture (an intervention, never dominant)", nil},
	{"A57*", hDiag, "AB16", "", "operations on spinal nerve root", nil},
	{"A59*;A61-A64", hInter, "AA56", "", "excision, extirpation, repair and graft of peripheral nerve", nil},
	{"A60*", hDiag, "AB14", "", "destruction of peripheral nerve", nil},
	{"A65-A69;A73*", hEndo, "AA57", "", "release of nerve entrapment, other peripheral nerve operations", nil},
	{"A70*", hEndo, "AB12", "", "neurostimulation of peripheral nerve", nil},
	{"A75-A81", hDiag, "AB18", "", "operations on sympathetic nerve", nil},
	{"A83*", hLow, "AA33", "", "electroconvulsive therapy", nil},
	{"A82*;A84*", 0, "", nonGrouping, "neurophysiological tests", nil},

	// B Endocrine system and breast.
	{"B01-B06;B17-B25", hMajor, "KA04", "", "pituitary, pineal, thymus and adrenal operations", nil},
	{"B08*;B14*", hComplex, "KA03", "", "excision of thyroid and parathyroid glands", nil},
	{"B09-B12;B16*", hMinor, "KA05", "", "other thyroid and parathyroid operations", nil},
	{"B38-B39", hVeryMajor, "JA37", "", "breast reconstruction using flaps", nil},
	{"B29*", hMajor, "JA35", "", "other reconstruction of breast", nil},
	{"B27*;B41*", hMajor, "JA33", "", "total excision of breast", nil},
	{"B30*", hComplex, "JA34", "", "prosthesis for breast", nil},
	{"B31*", hComplex, "JA36", "", "other plastic operations on breast", nil},
	{"B28*", hInter, "JA31", "", "other excision of breast", nil},
	{"B35-B36", hEndo, "JA32", "", "operations on nipple, nipple reconstruction", nil},
	{"B32*", hDiag, "JA42", "", "biopsy of breast", nil},
	{"B33-B34;B37*;B40*", hMinor, "JA30", "", "incision, duct and other breast operations", nil},

	// C Eye.
	{"C01*", hMajor, "BZ70", "", "excision of eye", nil},
	{"C02-C03", hInter, "BZ71", "", "orbital lesion and eye prosthesis", nil},
	{"C05-C06", hInter, "BZ72", "", "plastic repair and incision of orbit", nil},
	{"C04*;C08*", hMinor, "BZ73", "", "attention to eye prosthesis, other orbital operations", nil},
	{"C09-C11", hMinor, "BZ74", "", "canthus and eyebrow operations", nil},
	{"C12*", hEndo, "BZ80", "", "extirpation of lesion of eyelid", nil},
	{"C13-C18", hEndo, "BZ81", "", "plastic and reconstructive eyelid operations", nil},
	{"C19-C23", hDiag, "BZ83", "", "incision, suture and other eyelid operations", nil},
	{"C25*", hPerc, "BZ85", "", "connection between lacrimal apparatus and nose", nil},
	{"C24*;C26-C29", hMinor, "BZ87", "", "other lacrimal operations", nil},
	{"C31*", hInter, "BZ90", "", "combined operations on muscles of eye", nil},
	{"C32-C35", hEndo, "BZ91", "", "recession, resection and adjustment of eye muscles", nil},
	{"C37*", hMinor, "BZ92", "", "other operations on muscle of eye", nil},
	{"C39-C43", hMinor, "BZ57", "", "operations on conjunctiva", nil},
	{"C46*", hMajor, "BZ50", "", "plastic operations on cornea (keratoplasty)", nil},
	{"C44*", hComplex, "BZ51", "", "other plastic operations on cornea", nil},
	{"C45*;C47-C51", hEndo, "BZ53", "", "other corneal operations", nil},
	{"C52-C53;C55*;C57*", hEndo, "BZ54", "", "operations on sclera", nil},
	{"C54*", hComplex, "BZ60", "", "buckling operations for retinal detachment", nil},
	{"C59-C60", hComplex, "BZ40", "", "excision of iris, filtering operations (trabeculectomy)", nil},
	{"C61*", hInter, "BZ41", "", "other operations on trabecular meshwork", nil},
	{"C62*;C64*", hEndo, "BZ42", "", "incision and other operations on iris", nil},
	{"C65*", hEndo, "BZ43", "", "operations following glaucoma surgery", nil},
	{"C66-C67", hEndo, "BZ44", "", "operations on ciliary body", nil},
	{"C69*", hMinor, "BZ45", "", "other operations on anterior chamber", nil},
	{"C72*", hInter, "BZ30", "", "intracapsular extraction of lens", nil},
	{"C71*;C74*", hInter, "BZ34", "", "extracapsular and other extraction of lens (cataract)", nil},
	{"C75*", hPerc, "BZ32", "", "prosthesis of lens", nil},
	{"C77*", hEndo, "BZ31", "", "other operations on lens", nil},
	{"C73*", hMinor, "BZ33", "", "incision of capsule of lens", nil},
	{"C79*", hComplex, "BZ61", "", "operations on vitreous body", nil},
	{"C80-C81", hComplex, "BZ62", "", "retinal membrane, photocoagulation for detachment", nil},
	{"C82-C85;C88-C89", hPerc, "BZ63", "", "other retinal and posterior segment operations", nil},
	{"C86*;C91*", hMinor, "BZ64", "", "other operations on eye, anterior segment", nil},
	{"C87*", hTest, "BZ65", "", "evaluation of retina", nil},
	{"C90*", 0, "", nonGrouping, "local anaesthetics for ophthalmology", nil},

	// D Ear.
	{"D24*", hMajor, "CA41", "", "operations on cochlea (cochlear implant)", nil},
	{"D10*", hMajor, "CA10", "", "exenteration of mastoid air cells", nil},
	{"D12*;D14*;D16-D20", hInter, "CA11", "", "mastoid and middle ear operations", nil},
	{"D13*", hInter, "CA12", "", "bone anchored hearing prosthesis", nil},
	{"D23*;D26*", hInter, "CA14", "", "operations on inner ear and vestibular apparatus", nil},
	{"D01-D06", hEndo, "CA15", "", "operations on external ear", nil},
	{"D15*;D22*", hMinor, "CA16", "", "drainage of middle ear, eustachian canal", nil},
	{"D07-D08;D28*", hLow, "CA13", "", "operations on external auditory canal, other ear operations", nil},

	// E Respiratory tract.
	{"E01*", hMajor, "CA30", "", "excision of nose", nil},
	{"E02-E03;E07*", hInter, "CA32", "", "plastic operations on nose, septum", nil},
	{"E04*", hEndo, "CA34", "", "operations on turbinate", nil},
	{"E05-E06", hDiag, "CA35", "", "arrest of nasal bleeding, packing of nose", nil},
	{"E08-E11;E66*", hMinor, "CA36", "", "other operations on nose", nil},
	{"E12-E17", hInter, "CA31", "", "operations on nasal sinuses", nil},
	{"E64*", hEndo, "CA33", "", "therapeutic endoscopic operations on nasal cavity", nil},
	{"E65*", hDiag, "CA37", "", "diagnostic endoscopy of nasal cavity", nil},
	{"E19*;E29*", hVeryMajor, "CA01", "", "excision of pharynx, excision of larynx", nil},
	{"E20*", hEndo, "CA61", "", "operations on adenoid", nil},
	{"E21*;E23*", hInter, "CA62", "", "repair and other open operations on pharynx", nil},
	{"E24*;E27-E28", hEndo, "CA63", "", "therapeutic endoscopic and other operations on pharynx", nil},
	{"E25*", hDiag, "CA64", "", "diagnostic endoscopy of pharynx", nil},
	{"E30-E31;E33*", hComplex, "CA02", "", "open operations on larynx", nil},
	{"E34-E35;E38*", hEndo, "CA66", "", "therapeutic endoscopic operations on larynx", nil},
	{"E36-E37", hDiag, "CA67", "", "diagnostic endoscopy of larynx", nil},
	{"E53*", hTransplant, "DZ51", "", "transplantation of lung", nil},
	{"E39-E47;E54-E57;E61*", hVeryMajor, "DZ02", "", "open operations on trachea, bronchus, lung and mediastinum", nil},
	{"E48*;E50*;E62*;E67*", hEndo, "DZ63", "", "therapeutic bronchoscopy and mediastinoscopy", nil},
	{"E49*;E51*;E63*", hDiag, "DZ69", "", "diagnostic bronchoscopy and mediastinoscopy", nil},
	{"E52*;E59*", hMinor, "DZ64", "", "other operations on bronchus and lung", nil},
	{"E85*;E89*", 0, "", ngInterv, "ventilation and other respiratory support", nil},
	{"E87*;E91-E98", 0, "", nonGrouping, "oxygen therapy, respiratory tests, education, smoking cessation", nil},

	// F Mouth.
	{"F22*", hVeryMajor, "CA01", "", "excision of tongue", nil},
	{"F03-F05;F29*", hComplex, "CA50", "", "correction of cleft lip and palate, lip reconstruction", nil},
	{"F01-F02;F06*", hEndo, "CA53", "", "excision and other operations on lip", nil},
	{"F23-F26", hEndo, "CA52", "", "other operations on tongue", nil},
	{"F28*;F30*;F32*", hEndo, "CA54", "", "other operations on palate", nil},
	{"F34*", hEndo, "CA60", "", "excision of tonsil", nil},
	{"F36*", hMinor, "CA65", "", "other operations on tonsil", nil},
	{"F38-F40", hEndo, "CA51", "", "lesions, reconstruction and repair of mouth", nil},
	{"F42-F43", hLow, "CA55", "", "other operations on and examination of mouth", nil},
	{"F44*", hComplex, "CA03", "", "excision of salivary gland", nil},
	{"F45-F58", hEndo, "CA05", "", "other operations on salivary glands and ducts", nil},
	{"F08*", hMinor, "CD01", "", "implantation of tooth", nil},
	{"F09*", hMinor, "CD02", "", "surgical removal of tooth", nil},
	{"F10*", hLow, "CD03", "", "simple extraction of tooth", nil},
	{"F11-F12", hMinor, "CD04", "", "preprosthetic oral surgery, surgery on apex of tooth", nil},
	{"F13-F17", hDiag, "CD05", "", "restoration, orthodontic and other operations on teeth", nil},
	{"F18*", hEndo, "CD06", "", "excision of dental lesion of jaw", nil},
	{"F20*", hDiag, "CD07", "", "operations on gingiva", nil},
	{"F63*", hDiag, "CD09", "", "insertion of dental prosthesis", nil},

	// G Upper digestive tract.
	{"G01-G03", hVeryMajor, "FF01", "", "excision of oesophagus", nil},
	{"G04-G11;G13*", hMajor, "FF02", "", "other open operations on oesophagus", nil},
	{"G12*;G14-G15;G17-G18;G20*", hEndo, "FE10", "", "therapeutic endoscopic operations on oesophagus", bleedWhen},
	{"G16*;G19*", hDiag, "FE20", "", "diagnostic endoscopy of oesophagus", bleedWhen},
	{"G21*", hMinor, "FF14", "", "other operations on oesophagus", nil},
	{"G23-G25", hMajor, "FF03", "", "repair of diaphragmatic hernia, antireflux operations", nil},
	{"G26-G29", hVeryMajor, "FF04", "", "transplantation and excision of stomach", nil},
	{"G30-G33", hMajor, "FF10", "", "plastic operations on and bypass of stomach", nil},
	{"G35-G41", hInter, "FF11", "", "other open operations on stomach and pylorus", nil},
	{"G34*", hEndo, "FF13", "", "artificial opening into stomach", nil},
	{"G42-G44;G46*", hEndo, "FE11", "", "therapeutic upper gastrointestinal endoscopy", bleedWhen},
	{"G45*", hDiag, "FE21", "", "diagnostic upper gastrointestinal endoscopy", bleedWhen},
	{"G47*", 0, "", nonGrouping, "intubation of stomach", nil},
	{"G48*", hMinor, "FE22", "", "other operations on stomach", nil},
	{"G49-G53;G57*", hComplex, "FF22", "", "open operations on duodenum", nil},
	{"G54*;G64*;G79*", hEndo, "FE12", "", "therapeutic endoscopy of duodenum, jejunum and ileum", bleedWhen},
	{"G55*;G65*;G80*", hDiag, "FE23", "", "diagnostic endoscopy of duodenum, jejunum and ileum", bleedWhen},
	{"G68*", hTransplant, "FF70", "", "transplantation of ileum", nil},
	{"G58*;G69*", hVeryMajor, "FF20", "", "excision of jejunum and ileum", nil},
	{"G59-G63;G70-G78", hComplex, "FF21", "", "other open operations on jejunum and ileum, ileostomy", nil},
	{"G67*;G82*", hMinor, "FF14", "", "other operations on jejunum and ileum", nil},

	// H Lower digestive tract.
	{"H01-H03", hInter, "FF52", "", "appendicectomy and operations on appendix", nil},
	{"H04-H05;H29*", hVeryMajor, "FF30", "", "total and subtotal excision of colon and rectum", nil},
	{"H06-H11", hVeryMajor, "FF31", "", "excision of right, transverse, left and sigmoid colon", nil},
	{"H33*", hVeryMajor, "FF32", "", "excision of rectum", nil},
	{"H12-H19;H30*;H32*;H66*", hComplex, "FF33", "", "other open operations on colon, ileoanal pouch", nil},
	{"H34-H36", hComplex, "FF34", "", "open operations on rectum, operations for rectal prolapse", nil},
	{"H40-H46", hInter, "FF37", "", "transanal and perineal operations on rectum", nil},
	{"H20-H21", hEndo, "FE30", "", "therapeutic colonoscopy", bleedWhen},
	{"H22*", hDiag, "FE31", "", "diagnostic colonoscopy", bleedWhen},
	{"H23-H24", hEndo, "FE32", "", "therapeutic flexible sigmoidoscopy", bleedWhen},
	{"H25*", hDiag, "FE33", "", "diagnostic flexible sigmoidoscopy", bleedWhen},
	{"H26-H27;H37*", hEndo, "FE34", "", "therapeutic rigid sigmoidoscopy", nil},
	{"H28*", hDiag, "FE35", "", "diagnostic rigid sigmoidoscopy", nil},
	{"H31*", hEndo, "FE40", "", "image guided colorectal therapeutic operations", nil},
	{"H68-H71", hDiag, "FE36", "", "endoscopy of enteric pouch", nil},
	{"H47-H50;H54-H58", hEndo, "FF40", "", "operations on anus, perianal region and sphincter", nil},
	{"H51-H53", hMinor, "FF41", "", "operations on haemorrhoids", nil},
	{"H59-H60", hMinor, "FF42", "", "operations on pilonidal sinus", nil},
	{"H62*", hMinor, "FF43", "", "other operations on bowel", nil},
}
