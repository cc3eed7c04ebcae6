package main

// dxRule maps ICD-10 codes to a root. Rules are applied in order: each
// claims the codes its list covers that no earlier rule claimed, so a
// specific rule (C787, liver secondaries) comes before the general one
// (C78*). Every selectable code must be claimed exactly once, and every
// rule must claim at least one code.
type dxRule struct {
	codes string // design code list syntax
	root  string
	flags string // burn, poor_primary
	site  string // trauma site for the multiple-trauma rule
	note  string // what the codes are, for the README
}

// Flags and trauma sites used below.
const (
	poor = "poor_primary"
	burn = "burn"
)

// injuryPrimary is the diagnosis list that makes an orthopaedic procedure
// a trauma procedure (HT instead of HN): injuries to body regions.
const injuryPrimary = "S*;T00-T14"

// dxRules is the demo's diagnosis mapping, by ICD-10 chapter.
var dxRules = []dxRule{
	// I Infectious and parasitic diseases.
	{"A00-A09", "FD10", "", "", "intestinal infectious diseases"},
	{"A15-A19", "DZ10", "", "", "tuberculosis"},
	{"A40-A41", "WJ06", "", "", "septicaemia"},
	{"A20-A64", "WJ02", "", "", "other bacterial infections and sexually transmitted infections"},
	{"A65-A79", "WJ10", "", "", "spirochaetal, chlamydial and rickettsial infections"},
	{"A80-A89", "AA24", "", "", "viral infections of the central nervous system"},
	{"A90-B09", "WJ01", "", "", "arthropod-borne and haemorrhagic fevers, viral skin infections"},
	{"B15-B19", "GC18", "", "", "viral hepatitis"},
	{"B20-B24", "WJ03", "", "", "HIV disease"},
	{"B25-B34", "WJ01", "", "", "other viral diseases"},
	{"B35-B89", "WJ07", "", "", "mycoses, protozoal and helminth infections, infestations"},
	{"B90-B94", "WJ04", "", "", "sequelae of infections"},
	{"B95-B98", "WJ11", poor, "", "infectious agents (supplementary codes)"},
	{"B99*", "WJ10", "", "", "other infectious diseases"},

	// II Neoplasms, by site. Specific subdivisions first.
	{"C00-C14", "CB02", "", "", "malignancy of lip, mouth and pharynx"},
	{"C22-C25", "GC12", "", "", "malignancy of liver, biliary tract and pancreas"},
	{"C15-C26", "FD11", "", "", "malignancy of digestive organs"},
	{"C30-C31", "CB01", "", "", "malignancy of nasal cavity, middle ear and sinuses"},
	{"C32*", "CB02", "", "", "malignancy of larynx"},
	{"C33-C39;C45*", "DZ17", "", "", "respiratory and intrathoracic malignancy, mesothelioma"},
	{"C40-C41;C49*", "HD40", "", "", "malignancy of bone, cartilage and soft tissue"},
	{"C43-C44;C46*", "JD07", "", "", "melanoma, skin cancer and Kaposi's sarcoma"},
	{"C47*", "AA31", "", "", "malignancy of peripheral nerves"},
	{"C48*", "FD11", "", "", "malignancy of retroperitoneum and peritoneum"},
	{"C50*", "JA12", "", "", "malignancy of breast"},
	{"C51-C58", "MB05", "", "", "malignancy of female genital organs"},
	{"C60-C68", "LB06", "", "", "malignancy of male genital organs and urinary tract"},
	{"C69*", "BZ24", "", "", "malignancy of eye and adnexa"},
	{"C70-C72", "AA31", "", "", "malignancy of brain, meninges and central nervous system"},
	{"C73-C75", "KA09", "", "", "malignancy of thyroid and other endocrine glands"},
	{"C77*", "SA30", "", "", "secondary malignancy of lymph nodes"},
	{"C787", "GC12", "", "", "secondary malignancy of liver"},
	{"C780-C783", "DZ17", "", "", "secondary malignancy of respiratory organs"},
	{"C78*", "FD11", "", "", "secondary malignancy of digestive organs"},
	{"C790-C791", "LB06", "", "", "secondary malignancy of urinary organs"},
	{"C792", "JD07", "", "", "secondary malignancy of skin"},
	{"C793-C794", "AA31", "", "", "secondary malignancy of brain and nervous system"},
	{"C795", "HD40", "", "", "secondary malignancy of bone"},
	{"C796", "MB05", "", "", "secondary malignancy of ovary"},
	{"C797", "KA09", "", "", "secondary malignancy of adrenal gland"},
	{"C76*;C79*;C80*;C97*", "WH20", "", "", "malignancy of ill-defined, other secondary, unknown or multiple sites"},
	{"C81-C86;C88*", "SA30", "", "", "lymphoma"},
	{"C90*", "SA32", "", "", "myeloma and plasma cell neoplasms"},
	{"C91-C95", "SA31", "", "", "leukaemia"},
	{"C42*;C96*;D45-D47", "SA35", "", "", "other lymphoid, haematopoietic and myeloid neoplasms"},
	{"D000;D020;D10-D11;D141;D370;D380", "CB02", "", "", "in situ, benign and uncertain neoplasms of mouth, pharynx and larynx"},
	{"D015;D134-D137;D376", "GC12", "", "", "in situ and uncertain neoplasms of liver, biliary tract and pancreas"},
	{"D00-D01;D37*;D483-D484", "FD11", "", "", "in situ and uncertain neoplasms of digestive organs"},
	{"D02*;D38*", "DZ17", "", "", "in situ and uncertain neoplasms of respiratory organs"},
	{"D03-D04;D17-D18;D22-D23;D485", "JD07", "", "", "in situ and benign neoplasms of skin, lipoma, haemangioma"},
	{"D05*;D486", "JA12", "", "", "in situ and uncertain neoplasms of breast"},
	{"D06*;D070-D073;D25-D28", "MB09", "", "", "in situ and benign neoplasms of female genital organs"},
	{"D074-D076;D090-D091;D29-D30;D40-D41", "LB06", "", "", "neoplasms of male genital organs and urinary tract"},
	{"D092;D31*", "BZ24", "", "", "neoplasms of eye"},
	{"D093;D34-D35;D44*", "KA09", "", "", "neoplasms of thyroid and endocrine glands"},
	{"D12-D13;D20*", "FD10", "", "", "benign neoplasms of digestive organs and retroperitoneum"},
	{"D140", "CB01", "", "", "benign neoplasm of middle ear, nasal cavity and sinuses"},
	{"D14-D15;D19*", "DZ19", "", "", "benign neoplasms of respiratory and intrathoracic organs"},
	{"D16*;D21*;D480-D481", "HD40", "", "", "neoplasms of bone, cartilage and soft tissue"},
	{"D24*", "JA20", "", "", "benign neoplasm of breast"},
	{"D32-D33;D42-D43;D482", "AA31", "", "", "neoplasms of meninges, brain, nerves and central nervous system"},
	{"D39*", "MB05", "", "", "neoplasms of uncertain behaviour of female genital organs"},
	{"D09*;D36*;D48*", "WH20", "", "", "in situ, benign and uncertain neoplasms of other or unspecified sites"},

	// III Blood and immune mechanism.
	{"D50-D53", "SA03", "", "", "nutritional anaemias"},
	{"D55-D59", "SA02", "", "", "haemolytic anaemias"},
	{"D60-D64", "SA01", "", "", "aplastic and other anaemias"},
	{"D65-D69", "SA04", "", "", "coagulation defects, purpura and haemorrhagic conditions"},
	{"D70*", "SA08", "", "", "agranulocytosis and neutropenia"},
	{"D71-D77", "SA05", "", "", "other diseases of blood and blood-forming organs"},
	{"D80-D89", "SA06", "", "", "disorders of the immune mechanism"},

	// IV Endocrine, nutritional and metabolic.
	{"E00-E07", "KA08", "", "", "thyroid disorders"},
	{"E100-E101;E110-E111;E120-E121;E130-E131;E140-E141", "KB01", "", "", "diabetes with coma or ketoacidosis"},
	{"E105;E115;E125;E135;E145", "KB03", "", "", "diabetes with peripheral circulatory complications"},
	{"E10-E14", "KB02", "", "", "diabetes mellitus, other"},
	{"E15-E16", "KB04", "", "", "hypoglycaemia and other glucose regulation disorders"},
	{"E20-E35", "KA07", "", "", "disorders of other endocrine glands"},
	{"E40-E68", "KC04", "", "", "malnutrition, nutritional deficiencies and obesity"},
	{"E84*", "DZ12", "", "", "cystic fibrosis"},
	{"E86-E87", "KC05", "", "", "volume depletion, fluid and electrolyte disorders"},
	{"E70-E90", "KA06", "", "", "other metabolic disorders"},

	// V Mental and behavioural: no mental health HRG subchapter is priced
	// for admitted care, so dementia joins the nervous system and the rest
	// go to the "other contacts" subchapter WH.
	{"F00-F09", "AA22", "", "", "dementia and organic mental disorders"},
	{"F10-F19", "WH12", "", "", "mental disorders due to psychoactive substance use"},
	{"F20-F39", "WH11", "", "", "schizophrenia, delusional and mood disorders"},
	{"F40-F99", "WH13", "", "", "neurotic, behavioural, personality, developmental and other mental disorders"},

	// VI Nervous system.
	{"G00-G09", "AA24", "", "", "inflammatory diseases of the central nervous system"},
	{"G20-G26;G35-G37", "AA25", "", "", "movement and demyelinating disorders"},
	{"G40-G41", "AA26", "", "", "epilepsy"},
	{"G43-G44", "AA30", "", "", "migraine and other headache syndromes"},
	{"G45-G46", "AA29", "", "", "transient cerebral ischaemic attacks and vascular syndromes"},
	{"G473", "DZ18", "", "", "sleep apnoea"},
	{"G47-G73", "AA26", "", "", "sleep disorders, nerve, plexus, neuropathy, myoneural and muscle disorders"},
	{"G10-G99", "AA22", "", "", "systemic atrophies, degenerative diseases, paralytic syndromes, other disorders"},

	// VII-VIII Eye; ear.
	{"H00-H59", "BZ24", "", "", "diseases of the eye and adnexa"},
	{"H60-H95", "CB01", "", "", "diseases of the ear and mastoid process"},

	// IX Circulatory system.
	{"I00-I02", "EB14", "", "", "acute rheumatic fever"},
	{"I05-I09;I34-I39", "EB05", "", "", "rheumatic and non-rheumatic valve disorders"},
	{"I10-I15", "EB04", "", "", "hypertensive diseases"},
	{"I21-I24", "EB10", "", "", "acute myocardial infarction and other acute ischaemic heart disease"},
	{"I20*;I25*", "EB13", "", "", "angina and chronic ischaemic heart disease"},
	{"I26*", "DZ09", "", "", "pulmonary embolism"},
	{"I27-I28", "EB15", "", "", "pulmonary hypertension and other pulmonary heart disease"},
	{"I30-I33;I40-I43", "EB06", "", "", "pericardial, endocardial and myocardial disorders"},
	{"I46*", "EB02", "", "", "cardiac arrest"},
	{"I44-I49", "EB07", "", "", "conduction disorders and arrhythmias"},
	{"I50*", "EB03", "", "", "heart failure"},
	{"I51-I52", "EB14", "", "", "complications and ill-defined heart disease"},
	{"I60*;I62*", "AA23", "", "", "subarachnoid and other non-traumatic intracranial haemorrhage"},
	{"I61*;I63-I64", "AA35", "", "", "stroke"},
	{"I65-I66", "AA29", "", "", "occlusion and stenosis of precerebral and cerebral arteries"},
	{"I67-I69", "AA22", "", "", "other cerebrovascular diseases and sequelae"},
	{"I70-I79", "YQ50", "", "", "diseases of arteries, arterioles and capillaries"},
	{"I85*", "GC01", "", "", "oesophageal varices"},
	{"I84*", "FD10", "", "", "haemorrhoids"},
	{"I80-I89", "YQ51", "", "", "diseases of veins and lymphatics"},
	{"I95*", "EB08", "", "", "hypotension"},
	{"I97-I99", "EB09", "", "", "other disorders of the circulatory system"},

	// X Respiratory system.
	{"J01*;J30-J34", "CB01", "", "", "sinusitis, nasal and sinus disorders"},
	{"J00-J06;J35-J39", "CB02", "", "", "acute upper respiratory infections, pharynx and larynx disorders"},
	{"J09-J11", "DZ29", "", "", "influenza"},
	{"J180", "DZ23", "", "", "bronchopneumonia"},
	{"J12-J18", "DZ11", "", "", "pneumonia"},
	{"J20-J22", "DZ22", "", "", "other acute lower respiratory infections"},
	{"J40-J44", "DZ65", "", "", "bronchitis, emphysema and chronic obstructive pulmonary disease"},
	{"J45-J46", "DZ15", "", "", "asthma"},
	{"J47*", "DZ24", "", "", "bronchiectasis"},
	{"J60-J70", "DZ14", "", "", "lung diseases due to external agents"},
	{"J81*", "DZ20", "", "", "pulmonary oedema"},
	{"J80-J84", "DZ25", "", "", "interstitial lung diseases"},
	{"J85-J86", "DZ26", "", "", "lung abscess and pyothorax"},
	{"J93*", "DZ28", "", "", "pneumothorax"},
	{"J90-J94", "DZ16", "", "", "pleural effusion and other pleural disorders"},
	{"J96*", "DZ27", "", "", "respiratory failure"},
	{"J95-J99", "DZ19", "", "", "other respiratory disorders"},

	// XI Digestive system.
	{"K00-K14", "CB02", "", "", "diseases of oral cavity, salivary glands and jaws"},
	{"K250;K252;K254;K256;K260;K262;K264;K266;K270;K272;K274;K276;K280;K282;K284;K286;K290;K625;K920-K922", "FD01", "", "",
		"gastrointestinal haemorrhage (bleeding ulcers, haematemesis, melaena, rectal bleeding)"},
	{"K50-K52", "FD02", "", "", "inflammatory bowel disease and other noninfective enteritis"},
	{"K56*", "FD03", "", "", "intestinal obstruction"},
	{"K70*;K72*;K74*", "GC01", "", "", "alcoholic liver disease, hepatic failure, fibrosis and cirrhosis"},
	{"K71*;K73*;K75-K87", "GC17", "", "", "other liver, gallbladder, biliary and pancreatic disorders"},
	{"K90*", "FD04", "", "", "intestinal malabsorption"},
	{"K20-K93", "FD10", "", "", "other diseases of oesophagus, stomach, intestines and peritoneum, hernia"},

	// XII Skin. XIII Musculoskeletal.
	{"L00-L99", "JD07", "", "", "diseases of the skin and subcutaneous tissue"},
	{"M00-M03;M86*", "HD25", "", "", "infective arthropathies and osteomyelitis"},
	{"M05-M14;M30-M36", "HD23", "", "", "inflammatory polyarthropathies and systemic connective tissue disorders"},
	{"M15-M25;M91-M94", "HD24", "", "", "arthrosis, other joint disorders and chondropathies"},
	{"M40-M43", "HC26", "", "", "deforming dorsopathies"},
	{"M45-M46", "HC20", "", "", "inflammatory spondylopathies"},
	{"M47-M49", "HC27", "", "", "spondylosis and other spondylopathies"},
	{"M50-M54", "HC32", "", "", "disc disorders, back and neck pain"},
	{"M60-M79", "HD21", "", "", "disorders of muscles, synovium, tendons and other soft tissue"},
	{"M80-M90", "HD39", "", "", "disorders of bone density and structure, other osteopathies"},
	{"M95-M99", "HD26", "", "", "other musculoskeletal disorders"},

	// XIV Genitourinary.
	{"N10-N12;N30*;N390", "LA04", "", "", "kidney and urinary tract infections"},
	{"N17*", "LA07", "", "", "acute renal failure"},
	{"N18-N19", "LA08", "", "", "chronic and unspecified renal failure"},
	{"N13*;N20-N23", "LB35", "", "", "obstructive uropathy and urolithiasis"},
	{"N00-N29", "LA09", "", "", "glomerular, tubulo-interstitial and other kidney disorders"},
	{"N31-N39;N99*", "LB38", "", "", "other disorders of bladder and urinary system"},
	{"N40-N51", "LB40", "", "", "diseases of male genital organs"},
	{"N60-N64", "JA20", "", "", "disorders of breast"},
	{"N91-N95", "MB08", "", "", "menstrual and menopausal disorders"},
	{"N70-N98", "MB09", "", "", "inflammatory and other noninflammatory disorders of female genital tract"},

	// XV Pregnancy: the priced obstetric roots are delivery roots, so
	// antenatal and postnatal admissions share them.
	{"O00-O08", "MB09", "", "", "pregnancy with abortive outcome"},
	{"O10-O16", "NZ32", "", "", "hypertensive disorders in pregnancy"},
	{"O20-O48;O94-O99", "NZ33", "", "", "other maternal disorders and care related to the fetus"},
	{"O60-O75", "NZ31", "", "", "complications of labour and delivery"},
	{"O80-O84", "NZ30", "", "", "delivery"},
	{"O85-O92", "NZ34", "", "", "complications of the puerperium"},

	// XVI Perinatal and XVII congenital: the paediatric subchapters of the
	// body system (whatever the age: the demo cannot route by age between
	// roots), except cystic kidney disease, mostly adult.
	{"P00-P04", "PB04", "", "", "newborn affected by maternal factors and complications of delivery"},
	{"P05-P08", "PB06", "", "", "disorders of gestation length and fetal growth"},
	{"P10-P15", "PB05", "", "", "birth trauma"},
	{"P20-P28", "PD14", "", "", "respiratory disorders specific to the perinatal period"},
	{"P29*", "PE24", "", "", "cardiovascular disorders of the perinatal period"},
	{"P35-P39", "PW16", "", "", "infections specific to the perinatal period"},
	{"P50-P61", "PM43", "", "", "haemorrhagic and haematological disorders of newborn"},
	{"P70-P74", "PK36", "", "", "transitory endocrine and metabolic disorders of newborn"},
	{"P75-P78", "PF25", "", "", "digestive system disorders of newborn"},
	{"P80-P83", "PP64", "", "", "integument and temperature regulation of newborn"},
	{"P90-P91", "PR01", "", "", "convulsions and cerebral disorders of newborn"},
	{"P92-P96", "PX02", "", "", "other perinatal disorders"},
	{"Q00-Q07", "PR02", "", "", "congenital malformations of the nervous system"},
	{"Q10-Q18;Q35-Q37", "PC63", "", "", "congenital malformations of eye, ear, face and neck, cleft lip and palate"},
	{"Q20-Q28", "PE23", "", "", "congenital malformations of the circulatory system"},
	{"Q30-Q34", "PD11", "", "", "congenital malformations of the respiratory system"},
	{"Q38-Q45", "PF26", "", "", "congenital malformations of the digestive system"},
	{"Q50-Q56", "PL38", "", "", "congenital malformations of genital organs"},
	{"Q61*", "LA09", "", "", "cystic kidney disease"},
	{"Q60-Q64", "PL69", "", "", "other congenital malformations of the urinary system"},
	{"Q65-Q79", "PH34", "", "", "congenital malformations of the musculoskeletal system"},
	{"Q80-Q89", "PX03", "", "", "other congenital malformations"},
	{"Q90-Q99", "PX04", "", "", "chromosomal abnormalities"},
}
