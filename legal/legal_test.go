package legal_test

import (
	"testing"

	"vigil"
	"vigil/legal"
)

// demoFacts are the treaty facts the demo loads (demo/demo.go): China's
// accession to the 1951 Convention and the 1967 Protocol in September
// 1982, its signature (1986) and ratification (4 October 1988) of the
// Convention against Torture, with their reservations.
func demoFacts() legal.Facts {
	rc := &vigil.Instrument{Meta: vigil.Meta{ID: 1}, Code: "refugee-convention-1951", Name: vigil.Names{En: "Convention relating to the Status of Refugees", Ko: "난민의 지위에 관한 협약"}}
	rp := &vigil.Instrument{Meta: vigil.Meta{ID: 2}, Code: "refugee-protocol-1967", Name: vigil.Names{En: "Protocol relating to the Status of Refugees", Ko: "난민의 지위에 관한 의정서"}}
	cat := &vigil.Instrument{Meta: vigil.Meta{ID: 3}, Code: "cat", Name: vigil.Names{En: "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment"}}
	party := func(id, instr int64, action vigil.PartyAction, date, start, res string) *vigil.StateParty {
		return &vigil.StateParty{Meta: vigil.Meta{ID: id}, InstrumentID: instr, CountryCode: "CN", Action: action, Date: date, DateStart: start, Reservations: res}
	}
	return legal.Facts{
		State:       vigil.Names{En: "China", Ko: "중국"},
		CountryCode: "CN",
		Provisions: []*vigil.LegalProvision{
			{Meta: vigil.Meta{ID: 1}, InstrumentID: 1, Article: "33"},
			{Meta: vigil.Meta{ID: 2}, InstrumentID: 3, Article: "3"},
		},
		Instruments: []*vigil.Instrument{rc, rp, cat},
		Parties: []*vigil.StateParty{
			party(1, 1, vigil.ActionAccession, "1982-09", "1982-09-01", "Art. 14 (second half) and Art. 16(3); NPC Standing Committee decision of 1982-08-23"),
			party(2, 2, vigil.ActionAccession, "1982-09", "1982-09-01", "Art. 4"),
			party(3, 3, vigil.ActionSignature, "1986-12-12", "1986-12-12", ""),
			party(4, 3, vigil.ActionRatification, "1988-10-04", "1988-10-04", "Art. 20 and Art. 30(1)"),
		},
	}
}

func TestNoteOnTheDemoFacts(t *testing.T) {
	cases := []struct {
		lang, want string
	}{
		{"en", "China, party to the 1951 Refugee Convention and its 1967 Protocol since September 1982 (accession) and to the Convention against Torture since 4 October 1988 (ratification), is bound by the principle of non-refoulement (Refugee Convention art. 33; CAT art. 3). None of its reservations concerns these articles."},
		{"ko", "중국은 1982년 9월 가입한 1951년 난민협약 및 1967년 난민의정서와 1988년 10월 4일 비준한 고문방지협약의 당사국으로서 강제송환금지 원칙(난민협약 제33조, 고문방지협약 제3조)을 지킬 의무가 있다. 중국의 유보는 이 조항들에 대한 것이 아니다."},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			if got := legal.Note(c.lang, demoFacts()); got != c.want {
				t.Errorf("note:\n got %s\nwant %s", got, c.want)
			}
		})
	}
}

func TestNoteVariants(t *testing.T) {
	cases := []struct {
		name   string
		change func(f *legal.Facts)
		lang   string
		want   string
	}{
		{"no provisions", func(f *legal.Facts) { f.Provisions = nil }, "en", ""},
		{"one provision keeps its companion", func(f *legal.Facts) { f.Provisions = f.Provisions[:1] }, "en",
			"China, party to the 1951 Refugee Convention and its 1967 Protocol since September 1982 (accession), is bound by the principle of non-refoulement (Refugee Convention art. 33). None of its reservations concerns these articles."},
		{"only CAT", func(f *legal.Facts) { f.Provisions = f.Provisions[1:] }, "ko",
			"중국은 1988년 10월 4일 비준한 고문방지협약의 당사국으로서 강제송환금지 원칙(고문방지협약 제3조)을 지킬 의무가 있다. 중국의 유보는 이 조항들에 대한 것이 아니다."},
		{"a reservation that does concern the article", func(f *legal.Facts) { f.Parties[3].Reservations = "Art. 3" }, "en",
			"China, party to the 1951 Refugee Convention and its 1967 Protocol since September 1982 (accession) and to the Convention against Torture since 4 October 1988 (ratification), is bound by the principle of non-refoulement (Refugee Convention art. 33; CAT art. 3). It has made a reservation concerning CAT art. 3."},
		{"no reservations at all", func(f *legal.Facts) {
			for _, p := range f.Parties {
				p.Reservations = ""
			}
		}, "en", "China, party to the 1951 Refugee Convention and its 1967 Protocol since September 1982 (accession) and to the Convention against Torture since 4 October 1988 (ratification), is bound by the principle of non-refoulement (Refugee Convention art. 33; CAT art. 3)."},
		{"signed, not ratified", func(f *legal.Facts) { f.Parties = f.Parties[:3] }, "en",
			"China, party to the 1951 Refugee Convention and its 1967 Protocol since September 1982 (accession), is bound by the principle of non-refoulement (Refugee Convention art. 33; CAT art. 3). None of its reservations concerns these articles. It signed the Convention against Torture on 12 December 1986 but has not ratified it."},
		{"signed, not ratified (ko)", func(f *legal.Facts) { f.Parties = f.Parties[2:3] }, "ko",
			"중국은 1986년 12월 12일 고문방지협약에 서명했으나 비준하지 않았다. 중국은 1951년 난민협약의 당사국이 아니다."},
		{"not a party", func(f *legal.Facts) { f.Parties = nil; f.State = vigil.Names{En: "North Korea", Ko: "북한"} }, "en",
			"North Korea is not a party to the 1951 Refugee Convention and the Convention against Torture."},
		{"not a party (ko, no batchim)", func(f *legal.Facts) { f.Parties = nil; f.State = vigil.Names{Ko: "러시아"} }, "ko",
			"러시아는 1951년 난민협약, 고문방지협약의 당사국이 아니다."},
		{"unnamed state, other provision", func(f *legal.Facts) {
			f.State = vigil.Names{}
			f.Provisions = []*vigil.LegalProvision{{InstrumentID: 3, Article: "16"}}
			f.Parties = f.Parties[3:]
			f.Parties[0].Reservations = ""
		}, "en", "CN, party to the Convention against Torture since 4 October 1988 (ratification), is bound by CAT art. 16."},
		{"unknown instrument by its full name", func(f *legal.Facts) {
			f.Instruments = append(f.Instruments, &vigil.Instrument{Meta: vigil.Meta{ID: 9}, Code: "iccpr", Name: vigil.Names{En: "International Covenant on Civil and Political Rights", Ko: "시민적 및 정치적 권리에 관한 국제규약"}})
			f.Provisions = []*vigil.LegalProvision{{InstrumentID: 9, Article: "7"}}
			f.Parties = []*vigil.StateParty{{InstrumentID: 9, Action: vigil.ActionSignature, Date: "1998-10-05", DateStart: "1998-10-05"}}
		}, "ko", "중국은 1998년 10월 5일 시민적 및 정치적 권리에 관한 국제규약에 서명했으나 비준하지 않았다."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := demoFacts()
			c.change(&f)
			if got := legal.Note(c.lang, f); got != c.want {
				t.Errorf("note:\n got %s\nwant %s", got, c.want)
			}
		})
	}
}
