package letter

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/go-pdf/fpdf"

	"vigil"
)

// FontPaths are where the PDF looks for a Korean TrueType font, in order:
// Debian's fonts-nanum. The .ttc collections of fonts-noto-cjk hold CFF
// outlines that the PDF library cannot embed.
var FontPaths = []string{
	"/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
	"/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf",
	"/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf",
}

// FindFont returns path when it is set, else the first of FontPaths that
// exists; ENOTIMPLEMENTED telling what to install when there is none.
func FindFont(path string) (string, error) {
	candidates := FontPaths
	if path != "" {
		candidates = []string{path}
	}
	for _, p := range candidates {
		if strings.HasSuffix(strings.ToLower(p), ".ttc") {
			return "", vigil.Errorf(vigil.ENOTIMPLEMENTED, "the PDF needs a TrueType (.ttf) Korean font; %s is a .ttc collection, which cannot be embedded: install Debian's fonts-nanum (apt-get install fonts-nanum)", p)
		}
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", vigil.Errorf(vigil.ENOTIMPLEMENTED, "the PDF needs a Korean TrueType font and none was found (looked for %s): install Debian's fonts-nanum (apt-get install fonts-nanum)", strings.Join(candidates, ", "))
}

// PDF renders the letter as an A4 PDF with the Korean font at fontPath
// ("" searches FontPaths): titles, addressee, the Korean and English
// texts, the signatories in Korean and English (pseudonyms where the
// signer asked), the date and the text's SHA-256.
func PDF(d *vigil.LetterDocument, fontPath string) ([]byte, error) {
	font, err := FindFont(fontPath)
	if err != nil {
		return nil, err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(both(d.Title), true)
	pdf.SetCreator("vigil", true)
	ttf, err := os.ReadFile(font)
	if err != nil {
		return nil, fmt.Errorf("letter: read font %s: %w", font, err)
	}
	pdf.AddUTF8FontFromBytes("kr", "", ttf)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("letter: load font %s: %w", font, err)
	}
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-14)
		pdf.SetFont("kr", "", 7)
		pdf.CellFormat(0, 5, Footer(d), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	heading := func(s string, size float64) {
		if s == "" {
			return
		}
		pdf.SetFont("kr", "", size)
		pdf.MultiCell(0, size*0.5, s, "", "L", false)
		pdf.Ln(2)
	}
	text := func(s string) {
		pdf.SetFont("kr", "", 10.5)
		for _, para := range strings.Split(s, "\n") {
			if strings.TrimSpace(para) == "" {
				pdf.Ln(3)
				continue
			}
			pdf.MultiCell(0, 5.5, para, "", "L", false)
		}
	}
	heading(d.Title.Ko, 15)
	heading(d.Title.En, 13)
	if !d.AddressedTo.IsZero() {
		text("수신 / To: " + both(d.AddressedTo))
		pdf.Ln(3)
	}
	if d.Body.Ko != "" {
		text(d.Body.Ko)
		pdf.Ln(5)
	}
	if d.Body.En != "" {
		text(d.Body.En)
		pdf.Ln(5)
	}
	heading("서명 / Signatories", 12)
	for i, s := range d.Signatories {
		text(fmt.Sprintf("%d. %s", i+1, SignatoryLine(s)))
	}
	pdf.Ln(4)
	text("날짜 / Date: " + d.Date)
	text("SHA-256: " + d.TextHash)
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("letter: write PDF: %w", err)
	}
	return buf.Bytes(), nil
}
