package photo_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"vigil/photo"
)

// MustJPEGWithEXIF returns a JPEG carrying an APP1 EXIF segment with a
// GPS IFD tag and a GPS marker string, as a phone camera writes.
func MustJPEGWithEXIF(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	for x := 0; x < 16; x++ {
		img.Set(x, 5, color.RGBA{200, 10, 10, 255})
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, nil); err != nil {
		tb.Fatal(err)
	}
	// TIFF header, one IFD with the GPSInfo tag (0x8825), then text.
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a\x00\x00\x00\x08")
	binary.Write(&tiff, binary.BigEndian, uint16(1))
	binary.Write(&tiff, binary.BigEndian, []uint16{0x8825, 4})
	binary.Write(&tiff, binary.BigEndian, []uint32{1, 26})
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	tiff.WriteString("GPSLatitude 37.5735 N GPSLongitude 126.9758 E")
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	seg = append(seg, payload...)
	b := plain.Bytes()
	out := append([]byte{}, b[:2]...) // SOI
	out = append(out, seg...)
	return append(out, b[2:]...)
}

// MustPNGWithText returns a PNG with a tEXt chunk naming a GPS position.
func MustPNGWithText(tb testing.TB) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		tb.Fatal(err)
	}
	b := buf.Bytes()
	data := []byte("Comment\x00GPS 37.57,126.97")
	chunk := make([]byte, 4)
	binary.BigEndian.PutUint32(chunk, uint32(len(data)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	crc := make([]byte, 4)
	binary.BigEndian.PutUint32(crc, crc32.ChecksumIEEE(chunk[4:]))
	chunk = append(chunk, crc...)
	// after the 8-byte signature and the 25-byte IHDR chunk
	out := append([]byte{}, b[:33]...)
	out = append(out, chunk...)
	return append(out, b[33:]...)
}

func TestStripDropsMetadata(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		ct   string
	}{
		{"jpeg with EXIF and GPS", MustJPEGWithEXIF(t), "image/jpeg"},
		{"png with tEXt", MustPNGWithText(t), "image/png"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !photo.HasMetadata(c.in) {
				t.Fatal("the test input carries no metadata; the test would prove nothing")
			}
			img, err := photo.Strip(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if photo.HasMetadata(img.Data) {
				t.Fatalf("stripped image still has metadata markers")
			}
			if img.ContentType != c.ct || img.Width == 0 || img.Height == 0 || len(img.SHA256) != 64 {
				t.Fatalf("got %+v", img)
			}
			if _, _, err := image.Decode(bytes.NewReader(img.Data)); err != nil {
				t.Fatalf("stripped image does not decode: %v", err)
			}
		})
	}
}

func TestStripRefusesOtherData(t *testing.T) {
	for name, in := range map[string][]byte{"text": []byte("not an image"), "gif": []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "empty": nil} {
		t.Run(name, func(t *testing.T) {
			if _, err := photo.Strip(in); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
