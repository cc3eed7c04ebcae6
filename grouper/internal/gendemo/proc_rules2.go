package main

import "fmt"

// procRulesJT covers OPCS-4 chapters J to T.
var procRulesJT = []procRule{
	// J Other abdominal organs.
	{"J01*;J54*", hTransplant, "GA11", "", "transplantation of liver and of pancreas", nil},
	{"J02-J04;J55-J58", hVeryMajor, "GA03", "", "liver resection, excision of pancreas", nil},
	{"J05*;J07*", hComplex, "GA04", "", "incision and other open operations on liver", nil},
	{"J06*;J10-J11;J15*;J77*", hPerc, "YR50", "", "transjugular and transluminal operations on liver vessels", nil},
	{"J08-J09", hEndo, "GA13", "", "laparoscopic operations on liver", nil},
	{"J12*", hEndo, "YR51", "", "therapeutic percutaneous operations on liver", nil},
	{"J13-J14;J16*", hDiag, "GB13", "", "percutaneous biopsy, puncture and other operations on liver", nil},
	{"J17*;J51*;J53*;J73-J74", hDiag, "FE37", "", "endoscopic and laparoscopic ultrasound", nil},
	{"J18*", hInter, "GA10", "", "excision of gall bladder", nil},
	{"J19-J23;J69-J72", hInter, "GA07", "", "other open operations on gall bladder, operations on spleen", nil},
	{"J24-J26", hEndo, "GB11", "", "percutaneous and other operations on gall bladder", nil},
	{"J27-J37", hMajor, "GA05", "", "open operations on bile duct and sphincter of Oddi", nil},
	{"J38-J42", hEndo, "GB05", "", "therapeutic endoscopic retrograde operations (ERCP)", nil},
	{"J43-J45", hDiag, "GB06", "", "diagnostic endoscopic retrograde examination (ERCP)", nil},
	{"J46-J50;J76*", hPerc, "GB09", "", "percutaneous operations on bile duct", nil},
	{"J52*", hMinor, "GB10", "", "other operations on bile duct", nil},
	{"J59-J65", hComplex, "GA06", "", "open operations on pancreas and pancreatic duct", nil},
	{"J66-J68", hEndo, "GB12", "", "percutaneous and other operations on pancreas", nil},

	// K Heart.
	{"K01-K02", hTransplant, "ED16", "", "transplantation of heart and lung", nil},
	{"K04-K08", hVeryMajor, "EC10", "", "repair of complex congenital heart anomalies", nil},
	{"K09-K12", hVeryMajor, "EC11", "", "repair of septal defects", nil},
	{"K14-K15;K17-K20", hVeryMajor, "EC12", "", "other operations for congenital heart disease", nil},
	{"K13*;K16*", hComplex, "EC13", "", "transluminal operations on septum of heart", nil},
	{"K25*;K27-K30", hVeryMajor, "ED22", "", "plastic repair of mitral, tricuspid, pulmonary valves", nil},
	{"K26*", hVeryMajor, "ED23", "", "plastic repair and replacement of aortic valve", nil},
	{"K22-K24;K31-K34;K36-K38", hVeryMajor, "ED24", "", "other open operations on valves and heart wall", nil},
	{"K35*", hComplex, "ED25", "", "therapeutic transluminal operations on valve of heart", nil},
	{"K40-K46", hVeryMajor, "ED26", "", "coronary artery bypass grafting", nil},
	{"K47-K48", hVeryMajor, "ED27", "", "repair and other open operations on coronary artery", nil},
	{"K52-K55", hVeryMajor, "ED28", "", "open conducting system, incision, heart assist and other open heart operations", nil},
	{"K67-K71", hComplex, "ED30", "", "operations on pericardium", nil},
	{"K77*", hPerc, "ED31", "", "transluminal drainage of pericardium", nil},
	{"K49-K50;K75*", hComplex, "EY41", "", "percutaneous coronary intervention",
		[]whenRule{{"I21-I23", "EY40", "", "percutaneous coronary intervention for acute myocardial infarction"}}},
	{"K51*;K63*", hMinor, "EY43", "", "coronary angiography", nil},
	{"K58*;K65*", hMinor, "EY42", "", "cardiac catheterisation and diagnostic transluminal operations", nil},
	{"K56*", hComplex, "EY03", "", "transluminal heart assist operations", nil},
	{"K57*", hComplex, "EY30", "", "therapeutic transluminal operations on heart (ablation)", nil},
	{"K62*", hComplex, "EY31", "", "other therapeutic transluminal operations on heart", nil},
	{"K59*;K72*", hComplex, "EY01", "", "implantable cardioverter defibrillator", nil},
	{"K60*;K73-K74", hInter, "EY05", "", "cardiac pacemaker introduced through vein", nil},
	{"K61*", hInter, "EY06", "", "other cardiac pacemaker system", nil},
	{"K64*", hPerc, "EY12", "", "percutaneous operations on heart", nil},
	{"K66*", hMinor, "EY13", "", "other operations on heart", nil},
	{"K76*", hComplex, "EY16", "", "transluminal operations on cardiac conduit", nil},
	{"K78*", hComplex, "EY17", "", "transluminal operations on internal mammary artery side branch", nil},

	// L Arteries and veins.
	{"L01-L12", hVeryMajor, "EC14", "", "open operations on great vessels and pulmonary artery", nil},
	{"L13*", hComplex, "EC15", "", "transluminal operations on pulmonary artery", nil},
	{"L16*", hVeryMajor, "YQ06", "", "extra-anatomic bypass of aorta", nil},
	{"L18*;L20*", hVeryMajor, "YQ05", "", "emergency replacement or bypass of aorta", nil},
	{"L19*;L21-L25", hVeryMajor, "YQ04", "", "other open operations on aorta", nil},
	{"L26-L28;O20*", hComplex, "YQ10", "", "transluminal and endovascular operations on aorta", nil},
	{"L29-L30", hMajor, "YQ07", "", "open operations on carotid artery", nil},
	{"L31*", hComplex, "YQ08", "", "transluminal operations on carotid artery", nil},
	{"L33-L34", hMajor, "AA52", "", "open operations on cerebral artery", nil},
	{"L35*", hComplex, "YA01", "", "transluminal operations on cerebral artery", nil},
	{"L37-L38;L41-L42;L45-L46", hMajor, "YQ09", "", "open operations on subclavian, renal and visceral arteries", nil},
	{"L39*;L43*;L47*", hPerc, "YR11", "", "transluminal operations on subclavian, renal and visceral arteries", nil},
	{"L48-L53", hMajor, "YQ11", "", "open operations on iliac artery", nil},
	{"L54*", hPerc, "YR14", "", "transluminal operations on iliac artery", nil},
	{"L56-L62", hMajor, "YQ12", "", "open operations on femoral artery", nil},
	{"L63*", hPerc, "YR15", "", "transluminal operations on femoral artery", nil},
	{"L65*;L67-L70", hComplex, "YQ13", "", "other open operations on arteries", nil},
	{"L66*;L71*", hPerc, "YR16", "", "other therapeutic transluminal operations on arteries", nil},
	{"L72*", hDiag, "YR30", "", "diagnostic transluminal operations on artery", nil},
	{"L73*", 0, "", nonGrouping, "mechanical embolic protection of blood vessel", nil},
	{"L74-L75", hInter, "YQ31", "", "arteriovenous shunt and fistula", nil},
	{"L76*;L89*", hPerc, "YR23", "", "endovascular placement of stent", nil},
	{"L77-L83;L90*;L93*", hComplex, "YQ22", "", "open operations on veins", nil},
	{"L84-L87", hEndo, "YQ26", "", "operations on varicose veins of leg", nil},
	{"L88*", hEndo, "YQ32", "", "transluminal operations on varicose vein of leg", nil},
	{"L91*", 0, "", ngInterv, "other vein related operations (central venous catheter)", nil},
	{"L92*", 0, "", nonGrouping, "unblocking of access catheter", nil},
	{"L94*;L96*;L99*", hPerc, "YR24", "", "therapeutic transluminal operations on vein", nil},
	{"L95*", hDiag, "YR31", "", "diagnostic transluminal operations on vein", nil},
	{"L97*", hMinor, "YQ14", "", "other operations on blood vessel", nil},
	{"L98*", hInter, "YQ15", "", "operations on microvascular vessel", nil},
	{"O01-O04", hComplex, "YA03", "", "transluminal embolisation of aneurysm of artery", nil},
	{"O05*", hComplex, "YA04", "", "operations on dural arteriovenous fistula", nil},

	// M Urinary.
	{"M01*", hTransplant, "LB71", "", "transplantation of kidney", nil},
	{"M02-M03", hVeryMajor, "LB60", "", "total and partial excision of kidney", nil},
	{"M04-M06;M08*", hMajor, "LB61", "", "other open operations on kidney", nil},
	{"M07*;M09-M10", hEndo, "LB64", "", "therapeutic endoscopic operations on kidney", nil},
	{"M11*;M30*;M45*;M77*;M85*", hDiag, "LB17", "", "diagnostic endoscopy of kidney, ureter, bladder, urethra", nil},
	{"M12-M13;M15*;M33*", hEndo, "LB65", "", "percutaneous operations on kidney and ureter", nil},
	{"M14*;M31*", hMinor, "LB36", "", "extracorporeal lithotripsy", nil},
	{"M16-M17", hMinor, "LB73", "", "other operations on kidney", nil},
	{"M18-M25", hMajor, "LB62", "", "open operations on ureter, urinary diversion", nil},
	{"M26-M29;M32*", hEndo, "LB66", "", "endoscopic operations on ureter", nil},
	{"M34*", hVeryMajor, "LB39", "", "total excision of bladder", nil},
	{"M35-M41", hMajor, "LB63", "", "other open operations on bladder", nil},
	{"M42*", hEndo, "LB14", "", "endoscopic extirpation of lesion of bladder", nil},
	{"M43-M44", hEndo, "LB15", "", "other therapeutic endoscopic operations on bladder", nil},
	{"M47*", 0, "", nonGrouping, "urethral catheterisation of bladder", nil},
	{"M48-M49", hMinor, "LB18", "", "other operations on bladder", nil},
	{"M51-M55;M57-M58", hInter, "LB51", "", "operations to support outlet of female bladder", nil},
	{"M56*", hEndo, "LB53", "", "therapeutic endoscopic operations on outlet of female bladder", nil},
	{"M60-M64", hMajor, "LB21", "", "open operations on prostate and outlet of male bladder", nil},
	{"M65-M68", hInter, "LB25", "", "endoscopic resection and operations on prostate", nil},
	{"M70-M71", hMinor, "LB26", "", "other operations on prostate", nil},
	{"M72-M75;M81*", hInter, "LB28", "", "open operations on urethra and orifice", nil},
	{"M76*;M86*", hEndo, "LB29", "", "therapeutic endoscopic operations on urethra and urinary diversion", nil},
	{"M79*;M83*", hMinor, "LB33", "", "other operations on urethra and urinary tract", nil},

	// N Male genital organs.
	{"N26*;X15*", hMajor, "LB50", "", "amputation of penis, gender reassignment surgery", nil},
	{"N05-N07", hInter, "LB56", "", "excision of testis", nil},
	{"N08-N10", hPerc, "LB57", "", "placement of testis in scrotum, prosthesis", nil},
	{"N01-N03;N11-N24", hEndo, "LB58", "", "scrotal, intrascrotal and spermatic cord operations", nil},
	{"N27-N29", hInter, "LB54", "", "operations on penis", nil},
	{"N30*", hMinor, "LB55", "", "operations on prepuce (circumcision)", nil},
	{"N32-N34", hMinor, "LB59", "", "other operations on penis and male genital tract", nil},
	{"N35*", hLow, "LB78", "", "non-operative interventions to male genitalia", nil},

	// P-Q Female genital tract.
	{"X14*", hTransplant, "MA01", "", "clearance of pelvis", nil},
	{"Q07*", hMajor, "MA07", "", "abdominal excision of uterus", nil},
	{"Q08*", hMajor, "MA08", "", "vaginal excision of uterus", nil},
	{"Q09*;Q19-Q20", hComplex, "MA02", "", "other open and plastic operations on uterus", nil},
	{"Q22-Q24", hComplex, "MA06", "", "excision of adnexa of uterus", nil},
	{"Q43-Q47;Q52-Q54;Q57*", hInter, "MA09", "", "open operations on ovary and uterine ligaments", nil},
	{"Q25-Q34;Q41*", hInter, "MA10", "", "open operations on fallopian tube", nil},
	{"Q35-Q39", hEndo, "MA11", "", "endoscopic operations on fallopian tube", nil},
	{"Q49*", hEndo, "MA50", "", "therapeutic endoscopic operations on ovary", nil},
	{"Q50*", hDiag, "MA51", "", "diagnostic endoscopic examination of ovary", nil},
	{"Q51*", hMinor, "MA12", "", "other operations on ovary", nil},
	{"Q01*", hEndo, "MA22", "", "excision of cervix uteri", nil},
	{"Q02-Q05", hDiag, "MA23", "", "destruction, biopsy and other operations on cervix", nil},
	{"Q10-Q11", hMinor, "MA24", "", "curettage and evacuation of uterus", nil},
	{"Q12*", hLow, "MA25", "", "intrauterine contraceptive device", nil},
	{"Q13-Q15;Q21*", hLow, "MA33", "", "introduction of gametes and other substances into uterus", nil},
	{"Q16*", hMinor, "MA27", "", "other vaginal operations on uterus", nil},
	{"Q17*", hEndo, "MA28", "", "therapeutic hysteroscopy", nil},
	{"Q18*", hDiag, "MA29", "", "diagnostic hysteroscopy", nil},
	{"Q48*", hDiag, "MA32", "", "oocyte recovery", nil},
	{"Q55-Q56", hLow, "MA31", "", "other examination and operations of female genital tract", nil},
	{"Q58*", hMinor, "MA30", "", "delivery of terminated fetus", nil},
	{"P05*", hComplex, "MA03", "", "excision of vulva", nil},
	{"P17-P21", hInter, "MA04", "", "excision, obliteration and plastic operations on vagina", nil},
	{"P22-P24;P28*;P30*", hInter, "MA52", "", "repair of prolapse of vagina", nil},
	{"P01-P15", hMinor, "MA35", "", "operations on clitoris, Bartholin gland, vulva and perineum", nil},
	{"P25*;P27*;P29*;P31-P32", hMinor, "MA36", "", "other operations on vagina", nil},
	{"P26*", hLow, "MA37", "", "supporting pessary", nil},

	// R Pregnancy and delivery.
	{"R01-R13", hEndo, "NZ44", "", "operations on fetus and amniotic cavity", nil},
	{"R14-R15", 0, "", nonGrouping, "induction of labour", nil},
	{"R17*", hMajor, "NZ50", "", "elective caesarean delivery", nil},
	{"R18*", hMajor, "NZ51", "", "other caesarean delivery", nil},
	{"R19-R20", hInter, "NZ40", "", "breech delivery", nil},
	{"R21*", hInter, "NZ41", "", "forceps cephalic delivery", nil},
	{"R22*", hInter, "NZ42", "", "vacuum delivery", nil},
	{"R23*;R25*", hPerc, "NZ31", "", "abnormal presentation and other methods of delivery", nil},
	{"R24*", hPerc, "NZ30", "", "normal delivery", nil},
	{"R27-R34", hMinor, "NZ43", "", "operations to facilitate delivery, on delivered uterus, obstetric laceration", nil},
	{"R36-R43", 0, "", nonGrouping, "obstetric scans and maternal assessments", nil},

	// S Skin.
	{"S33-S39", hComplex, "JC40", interv, "grafts of skin and other tissue", nil},
	{"S17-S32", hComplex, "JC41", "", "flaps of skin, muscle and fascia", nil},
	{"S01-S03", hEndo, "JC42", "", "plastic excision of skin", nil},
	{"S04-S06", hMinor, "JC43", "", "excision of skin and lesions of skin", nil},
	{"S07-S12", hLow, "JC44", "", "destruction of lesions of skin, phototherapy", nil},
	{"S13-S15", hLow, "JC45", "", "biopsy of skin", nil},
	{"S54-S57", hMinor, "JC47", interv, "exploration and debridement of burnt and other skin", nil},
	{"S43-S53;S58-S63", hDiag, "JC47", "", "removal of substances, expanders, injections and other skin operations", nil},
	{"S40-S42;S64-S70", hLow, "JC46", "", "closure of skin, operations on nails", nil},

	// T Soft tissue.
	{"T01-T03;T05*;T15-T17", hMajor, "DZ02", "", "open operations on chest wall and diaphragm", nil},
	{"T07-T10", hInter, "DZ62", "", "open and endoscopic therapeutic operations on pleura", nil},
	{"T11*;T14*", hDiag, "DZ64", "", "diagnostic thoracoscopy, other operations on pleura", nil},
	{"T12-T13", 0, "", ngInterv, "puncture of pleura, pleurodesis", nil},
	{"T19-T21", hEndo, "FF62", "", "repair of inguinal hernia", nil},
	{"T22-T24;T97*", hEndo, "FF61", "", "repair of femoral and umbilical hernia", nil},
	{"T25-T28;T32*;T98*", hInter, "FF60", "", "repair of incisional and other abdominal wall hernia", nil},
	{"T29*;T31*", hDiag, "FF63", "", "operations on umbilicus and anterior abdominal wall", nil},
	{"T30*;T33-T41", hInter, "FF35", "", "laparotomy, operations on peritoneum, omentum and mesentery", nil},
	{"T42*", hEndo, "FF47", "", "therapeutic laparoscopy", nil},
	{"T43*", hDiag, "FF48", "", "diagnostic laparoscopy", nil},
	{"T45*", hEndo, "YR53", "", "image controlled operations on abdominal cavity", nil},
	{"T46*", 0, "", ngInterv, "other drainage of peritoneal cavity (paracentesis)", nil},
	{"T48*", hMinor, "FF43", "", "other operations on peritoneum", nil},
	{"T52*", hEndo, "HN43", "", "excision of other fascia (Dupuytren's)", nil},
	{"T59-T61", hMinor, "HN45", "", "excision of ganglion", nil},
	{"T71-T72", hDiag, "HN46", "", "operations on sheath of tendon", nil},
	{"T50-T51;T53-T57;T62-T70;T74-T83;T96*", hEndo, "HN93", "", "fascia, bursa, tendon, muscle and other soft tissue operations", nil},
	{"T85*", hComplex, "JA38", "", "block dissection of lymph nodes", nil},
	{"T86-T87;T91*", hMinor, "JA43", "", "sampling, excision and sentinel biopsy of lymph nodes", nil},
	{"T88-T89;T92*", hMinor, "JA44", "", "other operations on lymph nodes and lymphatic tissue", nil},
	{"T90*", 0, "", nonGrouping, "contrast radiology of lymphatic tissue", nil},
	{"T94*", hInter, "CA04", "", "operations on branchial cleft", nil},
}

// fractureSites are the injury lists that give a fracture operation its
// trauma root: HT<site><size>.
var fractureSites = []struct{ diag, site, note string }{
	{"S70-S79", "1", "hip and thigh"},
	{"S80-S89", "2", "knee and lower leg"},
	{"S90-S99", "3", "ankle and foot"},
	{"S60-S69", "4", "wrist and hand"},
	{"S40-S49", "5", "shoulder and upper arm"},
	{"S50-S59", "6", "elbow and forearm"},
}

// pelvicInjury is the pelvic fracture and dislocation list.
const pelvicInjury = "S323-S328;S332-S334;S336-S337"

// fractureRule builds a fracture or dislocation operation: for a primary
// injury of a limb region the trauma root of that region and size (3
// major, 4 intermediate, 5 minor), for a pelvic injury HT81 (when not
// minor), for any other injury HT86; without an injury primary (a
// pathological fracture, a deformity) a non-trauma root by size.
func fractureRule(codes string, size int, note string) procRule {
	hier := map[int]int{3: hComplex, 4: hPerc, 5: hMinor}[size]
	root := map[int]string{3: "HN85", 4: "HN86", 5: "HN93"}[size]
	var when []whenRule
	for _, s := range fractureSites {
		when = append(when, whenRule{s.diag, fmt.Sprintf("HT%s%d", s.site, size), "", note + ", " + s.note + " injury"})
	}
	if size < 5 {
		when = append(when, whenRule{pelvicInjury, "HT81", "", note + ", pelvic injury"})
	}
	when = append(when, whenRule{injuryPrimary, "HT86", "", note + ", other injury"})
	return procRule{codes, hier, root, "", note + ", no injury primary", when}
}
