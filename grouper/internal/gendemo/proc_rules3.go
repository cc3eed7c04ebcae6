package main

// procRulesUZ covers OPCS-4 chapters U to Z and the supplementary chapter
// O. Orthopaedic rules name the non-trauma root (HN); trauma variants are
// added by withTraumaTwins, fracture operations are built by fractureRule.
var procRulesUZ = []procRule{
	// U Diagnostic imaging, testing and rehabilitation: never dominant.
	{"U01-U54", 0, "", nonGrouping, "diagnostic imaging, tests and rehabilitation", nil},

	// V Bones and joints of skull and spine.
	{"V04*", hVeryMajor, "AA50", "", "reshaping of cranium", nil},
	{"V03*", hMajor, "AA51", "", "opening of cranium", nil},
	{"V01-V02", hComplex, "AA52", "", "plastic repair of cranium", nil},
	{"V05*", hEndo, "AA54", "", "other operations on cranium", nil},
	{"V06-V07;V14*", hVeryMajor, "CA80", "", "excision of maxilla, facial bones and mandible", nil},
	{"V10-V11;V16-V18", hComplex, "CA81", "", "division, fixation and distraction of facial bones and mandible", nil},
	{"V20-V21", hPerc, "CA82", "", "operations on temporomandibular joint", nil},
	{"V08-V09;V15*", hPerc, "CA83", "", "reduction of fracture of facial bones and mandible", nil},
	{"V12-V13;V19*", hEndo, "CA84", "", "other operations on bones of skull, face and mandible", nil},
	{"V41*", hVeryMajor, "HC50", "", "instrumental correction of deformity of spine", nil},
	{"V42*", hVeryMajor, "HC51", "", "other correction of deformity of spine", nil},
	{"V38-V39;V66*", hVeryMajor, "HC52", "", "fusion of spine", nil},
	{"V37*", hMajor, "HC53", "", "primary fusion of joint of cervical spine", nil},
	{"V36*;V40*", hMajor, "HC54", "", "prosthetic replacement of intervertebral disc, stabilisation of spine", nil},
	{"V22-V23;V69-V70", hComplex, "HC60", "", "decompression of cervical spine", nil},
	{"V24*;V27*", hComplex, "HC61", "", "decompression of thoracic and unspecified spine", nil},
	{"V25-V26;V67-V68", hComplex, "HC62", "", "decompression of lumbar spine", nil},
	{"V29-V35;V51-V52", hInter, "HC63", "", "excision of intervertebral disc", nil},
	{"V43*", hMajor, "HC70", "", "extirpation of lesion of spine", nil},
	{"V44-V46", hComplex, "HC71", "", "decompression, reduction and fixation of fracture of spine", nil},
	{"V28*;V56-V63", hEndo, "HC65", "", "interspinous spacer, foraminoplasty and percutaneous disc operations", nil},
	{"V47*;V49-V50;V54*", hDiag, "HC72", "", "biopsy, exploration, manipulation and other operations on spine", nil},
	{"V48*", hDiag, "AB24", "", "denervation of spinal facet joint", nil},
	{"V55*", 0, "", nonGrouping, "levels of spine (supplementary)", nil},

	// W Other bones and joints. Site-specific rules first; HNxy: x site
	// (1 hip, 2 knee, 3 ankle and foot, 4 hand, 5 shoulder, 6 elbow),
	// y size (2 very major ... 6 minimal).
	{"W37-W39;W93-W95", hMajor, "HN12", "", "total prosthetic replacement of hip joint", nil},
	{"W46-W48", hMajor, "HN13", "", "prosthetic replacement of head of femur", nil},
	{"W40-W42;O18*", hMajor, "HN22", "", "total prosthetic replacement of knee joint", nil},
	{"W72-W74", hInter, "HN23", "", "replacement, reinforcement and reconstruction of ligament", nil},
	{"W70*;W82*;W85*", hEndo, "HN24", "", "meniscal and therapeutic arthroscopic knee operations", nil},
	{"W87*", hDiag, "HN25", "", "diagnostic arthroscopy of knee joint", nil},
	{"W90*", hLow, "HN26", "", "puncture of joint (aspiration and injection)", nil},
	{"O32*", hMajor, "HN32", "", "total prosthetic replacement of ankle joint", nil},
	{"W03-W04", hComplex, "HN33", "", "complex reconstruction of forefoot and hindfoot", nil},
	{"W15*", hInter, "HN34", "", "division of bone of foot", nil},
	{"W59*", hEndo, "HN35", "", "fusion of joint of toe", nil},
	{"W79*", hMinor, "HN36", "", "soft tissue operations on joint of toe", nil},
	{"W01-W02", hComplex, "HN42", "", "complex reconstruction of thumb and hand", nil},
	{"W96-W98;O06-O08;O10*;O37-O40", hMajor, "HN52", "", "total, hybrid and reverse prosthetic replacement of shoulder", nil},
	{"W49-W51", hMajor, "HN53", "", "prosthetic replacement of head of humerus", nil},
	{"W83-W84;W86*;W89*;O19*", hEndo, "HN54", "", "therapeutic arthroscopic operations on other joints", nil},
	{"W88*", hDiag, "HN55", "", "diagnostic arthroscopy of other joint", nil},
	{"W91*", hDiag, "HN56", "", "manipulation of joint", nil},
	{"O21-O23", hMajor, "HN62", "", "total prosthetic replacement of elbow joint", nil},
	{"O24-O26", hComplex, "HN63", "", "prosthetic replacement of head of radius", nil},
	{"W05*", hMajor, "HN80", "", "prosthetic replacement of bone", nil},
	{"W43-W45;W52-W58", hMajor, "HN81", "", "replacement and reconstruction of other joints", nil},
	{"W10-W14;W16-W17;W60-W64;O09*", hInter, "HN85", "", "osteotomy, reconstruction of bone, fusion of other joints", nil},
	{"W06-W09;W31-W33;O29*", hInter, "HN86", "", "excision of bone and lesions, bone graft, other open operations on bone", nil},
	fractureRule("W19-W23", 3, "open reduction of fracture and fixation"),
	fractureRule("W24-W25;W27-W30;W65*;W68*;O17*", 4, "closed reduction and fixation, open reduction of dislocation"),
	fractureRule("W26*;W66-W67", 5, "other closed reduction of fracture or dislocation"),
	{"W18*;W69*;W71*;W75-W78;W80-W81;W92*;O27*;O35*", hEndo, "HN93", "", "drainage of bone, other open operations on joints and ligaments", nil},
	{"W34*", hTransplant, "SA14", "", "graft of bone marrow", nil},
	{"W99*", hTransplant, "SA15", "", "graft of cord blood stem cells", nil},
	{"W35-W36", 0, "", ngInterv, "puncture of bone (marrow aspiration and biopsy)", nil},

	// X Miscellaneous operations.
	{"X01-X02", hVeryMajor, "HT81", "", "replantation of limb", nil},
	{"X03-X04", hMajor, "JC41", "", "replantation of other organ, transplantation between systems", nil},
	{"X05*", hEndo, "HN93", "", "implantation of prosthesis for limb", nil},
	{"X09*", hComplex, "YQ40", "", "amputation of leg", nil},
	{"X07-X08;X12*", hInter, "YQ41", "", "amputation of arm and hand, operations on amputation stump", nil},
	{"X10*", hInter, "YQ42", "", "amputation of foot", nil},
	{"X11*", hEndo, "YQ43", "", "amputation of toe", nil},
	{"X16*", hInter, "PL70", "", "operations for disorders of sex development", nil},
	{"X17*", hTransplant, "PX09", "", "separation of conjoined twins", nil},
	{"X19-X27", hInter, "PH34", "", "correction of congenital deformity of limbs", nil},
	{"X32*;X47*", hMinor, "SA18", "", "exchange blood transfusion", nil},
	{"X334-X336", hTransplant, "SA16", "", "peripheral blood stem cell transplant", nil},
	{"X33*;X40-X43;X50*;X56*;X58*", 0, "", ngInterv, "transfusion, renal and liver support, resuscitation, intubation, artificial support", nil},
	{"X53*;X55*", hMinor, "JC47", "", "operations on unspecified organ", nil},
	{"X28-X98", 0, "", nonGrouping, "drug administration, support, assessment, radiotherapy, chemotherapy, high-cost drugs", nil},
	{"X997-X999", 0, "", nonGrouping, "placeholders: no appropriate code, no procedure, not known", nil},

	// Y, Z and the site and method codes of chapter O: subsidiary codes.
	{"Y01-Z99", 0, "", nonGrouping, "methods, approaches and sites (subsidiary codes)", nil},
	{"O11-O14;O16*;O28*;O30-O31;O33-O34;O36*;O43*;O45*", 0, "", nonGrouping, "sites (subsidiary codes of chapter O)", nil},
	{"O15*", 0, "", ngInterv, "operations on blood vessel (umbilical catheters)", nil},
	{"O44*", 0, "", nonGrouping, "other external beam radiotherapy", nil},
}

// traumaTwin returns the trauma root of a non-trauma orthopaedic root:
// HTxy for HNxy (HTx5 for the minimal size 6), HT81 for the complex
// replacement roots, HT86 for the generic ones; "" when there is none.
func traumaTwin(root string, priced func(string) bool) string {
	if len(root) != 4 || root[:2] != "HN" {
		return ""
	}
	switch root[2:] {
	case "80", "81":
		return "HT81"
	case "85", "86", "93":
		return "HT86"
	}
	size := root[3]
	if size == '6' {
		size = '5'
	}
	if twin := "HT" + root[2:3] + string(size); priced(twin) {
		return twin
	}
	return ""
}

// withTraumaTwins gives every orthopaedic rule without conditional
// variants its trauma twin for an injury primary diagnosis.
func withTraumaTwins(rules []procRule, priced func(string) bool) []procRule {
	out := make([]procRule, len(rules))
	for i, r := range rules {
		if twin := traumaTwin(r.root, priced); twin != "" && len(r.when) == 0 {
			r.when = []whenRule{{injuryPrimary, twin, r.flags, r.note + " for an injury"}}
		}
		out[i] = r
	}
	return out
}
