package letter_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/letter"
)

// MustDocument is a letter with organizations and a pseudonymous signer.
func MustDocument(tb testing.TB) *vigil.LetterDocument {
	tb.Helper()
	v := &vigil.LetterVersion{Title: vigil.Names{Ko: "외교부 장관께 드리는 공동 서한", En: "Joint letter to the Minister of Foreign Affairs"},
		Body: vigil.Names{Ko: "탈북 난민 강제송환 금지를 한중 외교장관 회담 의제에 포함해 주십시오.", En: "Please put the forced repatriation of North Korean refugees on the agenda."}}
	return &vigil.LetterDocument{LetterID: 1, Version: 2, Title: v.Title, Body: v.Body, TextHash: v.TextHash(), Status: vigil.LetterDelivered, Date: "2024-05-09",
		AddressedTo: vigil.Names{Ko: "조태열 외교부 장관", En: "Minister Cho Tae-yul"},
		Signatories: []vigil.Signatory{
			{Kind: vigil.SignerOrganization, Name: vigil.Names{Ko: "북한인권시민연합", En: "Citizens' Alliance of North Korean Human Rights"}},
			{Kind: vigil.SignerOrganization, Name: vigil.Names{Ko: "물망초", En: "Dream makers for NK"}},
			{Kind: vigil.SignerIndividual, Name: vigil.Names{Ko: "피해 당사자 A", En: "Affected individual A"}, Pseudonymous: true},
		}}
}

func TestDiff(t *testing.T) {
	cases := []struct {
		name, a, b string
		want       string
	}{
		{"same", "a\nb", "a\nb", "=a =b"},
		{"insert", "a\nc", "a\nb\nc", "=a +b =c"},
		{"replace", "a\nb\nc", "a\nx\nc", "=a -b +x =c"},
		{"from empty", "", "a", "+a"},
		{"korean", "강제송환\n금지", "강제송환\n중단", "=강제송환 -금지 +중단"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, l := range letter.Diff(c.a, c.b) {
				got = append(got, map[letter.Op]string{letter.Same: "=", letter.Added: "+", letter.Removed: "-"}[l.Op]+l.Text)
			}
			if strings.Join(got, " ") != c.want {
				t.Fatalf("diff %q", strings.Join(got, " "))
			}
		})
	}
}

func TestMarkdownAndHTML(t *testing.T) {
	d := MustDocument(t)
	var md bytes.Buffer
	if err := letter.Markdown(&md, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# 외교부 장관께 드리는 공동 서한", "- 북한인권시민연합 / Citizens' Alliance", "피해 당사자 A / Affected individual A (가명 / pseudonym)", d.TextHash, "2024-05-09"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	var h bytes.Buffer
	if err := letter.HTML(&h, d); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&h)
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Find(".signatories li").Length(); n != 3 {
		t.Fatalf("%d signatories in HTML", n)
	}
	if !strings.Contains(doc.Find(".hash").Text(), d.TextHash) || doc.Find("script").Length() > 0 {
		t.Fatal("HTML lacks the hash or carries a script")
	}
}

// TestPDFHasKoreanTextAndHash renders the PDF with the Nanum font and
// reads it back with pdftotext (poppler-utils): the Korean signatory
// names and the hash must come out as text. Under CI=true a missing font
// or pdftotext is a failure, not a skip.
func TestPDFHasKoreanTextAndHash(t *testing.T) {
	d := MustDocument(t)
	_, fontErr := letter.FindFont("")
	tool, toolErr := exec.LookPath("pdftotext")
	if fontErr != nil || toolErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs fonts-nanum and poppler-utils: font: %v; pdftotext: %v", fontErr, toolErr)
		}
		t.Skipf("font or pdftotext missing (apt-get install fonts-nanum poppler-utils): %v %v", fontErr, toolErr)
	}
	pdf, err := letter.PDF(d, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{"북한인권시민연합", "물망초", "피해 당사자 A", "Affected individual A", "외교부 장관께", d.TextHash, "2024-05-09"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

func TestPDFWithoutFontSaysWhatToInstall(t *testing.T) {
	for name, path := range map[string]string{"missing": "/nonexistent/font.ttf", "ttc": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"} {
		t.Run(name, func(t *testing.T) {
			_, err := letter.PDF(MustDocument(t), path)
			if vigil.ErrorCode(err) != vigil.ENOTIMPLEMENTED || !strings.Contains(err.Error(), "apt-get install fonts-nanum") {
				t.Fatalf("error %v", err)
			}
		})
	}
}
