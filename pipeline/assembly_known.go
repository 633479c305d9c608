package pipeline

// knownFindings are assembly-check findings a shipped design is known to
// have, by design name and version: they do not fail its build, and every
// one stays in the manifest's assembly section as a finding (allowed).
// The list is tied to the version, so a revised design is checked in full.
//
// ceb-press 17.08-fabkit.1 is known not to match OSE's v25.09P; it is
// being rewritten. What the check finds in it (every preset):
//   - the upper main-cylinder pin runs through both chamber walls f4, which
//     have no hole for it, and the lower pin sits 0.7 mm off the centre of
//     the base plates' f6 pin holes (hole 5 unmated);
//   - the drawer's d10 plates stand in the drawer plates d8, d11, d12 and
//     the chamber flange f5 (12 mm deep), the bushings cut 1.5 mm into
//     d10, d12 sits 1 mm into the drawer sides d2, and d10's two small
//     holes and the tab slot in d8 have no mate (34 mm loose);
//   - the arms a1 have holes (15-19) and the arm cross plates a3, a4, a5
//     slots that nothing passes through, and a2 sits 1.4 mm into the
//     hopper's h2;
//   - the hopper plates h1, h2, h7, h8 have six bolt holes each with no
//     mating hole;
//   - the drawer plates d1 (slots 8, 12) and d3#1 (slots 1-3) have slots
//     that hold no tab.
var knownFindings = map[string][]string{
	"ceb-press@17.08-fabkit.1": {
		"holes:a1#0/hole15",
		"holes:a1#0/hole16",
		"holes:a1#0/hole17",
		"holes:a1#0/hole18",
		"holes:a1#0/hole19",
		"holes:a1#1/hole15",
		"holes:a1#1/hole16",
		"holes:a1#1/hole17",
		"holes:a1#1/hole18",
		"holes:a1#1/hole19",
		"holes:d10#0/hole1",
		"holes:d10#0/hole2",
		"holes:d10#1/hole1",
		"holes:d10#1/hole2",
		"holes:f6#0/hole5",
		"holes:f6#1/hole5",
		"holes:h1#0/hole1",
		"holes:h1#0/hole2",
		"holes:h1#0/hole3",
		"holes:h1#0/hole4",
		"holes:h1#0/hole5",
		"holes:h1#0/hole6",
		"holes:h2#0/hole1",
		"holes:h2#0/hole2",
		"holes:h2#0/hole3",
		"holes:h2#0/hole4",
		"holes:h2#0/hole5",
		"holes:h2#0/hole6",
		"holes:h7#0/hole1",
		"holes:h7#0/hole2",
		"holes:h7#0/hole3",
		"holes:h7#0/hole4",
		"holes:h7#0/hole5",
		"holes:h7#0/hole6",
		"holes:h8#0/hole1",
		"holes:h8#0/hole2",
		"holes:h8#0/hole3",
		"holes:h8#0/hole4",
		"holes:h8#0/hole5",
		"holes:h8#0/hole6",
		"interference:a2#0,h2#0",
		"interference:a2#1,h2#0",
		"interference:bushing#0,d10#0",
		"interference:bushing#0,d11#0",
		"interference:bushing#1,d10#1",
		"interference:bushing#1,d11#1",
		"interference:d10#0,d11#0",
		"interference:d10#0,d12#0",
		"interference:d10#0,d8#0",
		"interference:d10#0,f5#1",
		"interference:d10#1,d11#1",
		"interference:d10#1,d12#0",
		"interference:d10#1,d8#0",
		"interference:d10#1,f5#1",
		"interference:d12#0,d2#0",
		"interference:d12#0,d2#1",
		"interference:f4#0,pin-main#1",
		"interference:f4#1,pin-main#1",
		"interference:f6#0,pin-main#0",
		"interference:f6#1,pin-main#0",
		"tabs:a3#0/slot1",
		"tabs:a3#0/slot2",
		"tabs:a3#1/slot1",
		"tabs:a3#1/slot2",
		"tabs:a4#0/slot1",
		"tabs:a4#0/slot2",
		"tabs:a5#0/slot1",
		"tabs:a5#0/slot2",
		"tabs:d1#0/slot12",
		"tabs:d1#0/slot8",
		"tabs:d10#0,d8#0/slot3",
		"tabs:d10#1,d8#0/slot6",
		"tabs:d3#1/slot1",
		"tabs:d3#1/slot2",
		"tabs:d3#1/slot3",
	},
}
