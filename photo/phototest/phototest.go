// Package phototest makes images for tests of photo uploads: JPEGs that
// carry an EXIF segment with a GPS position, as phone cameras write them,
// at the size a test needs.
package phototest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"testing"
)

// GPSMarker is the text the EXIF segment of MustJPEG carries; a stripped
// image must not contain it.
const GPSMarker = "GPSLatitude 37.5735 N GPSLongitude 126.9758 E"

// MustJPEG returns a JPEG of at least minBytes with an APP1 EXIF segment
// holding a GPS IFD tag and GPSMarker. Its pixels are seeded noise, which
// JPEG cannot compress much, so a few megabytes need a few megapixels.
func MustJPEG(tb testing.TB, minBytes int) []byte {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	w, h := 64, 48
	for {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for y := range h {
			for x := range w {
				img.Set(x, y, color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255})
			}
		}
		var plain bytes.Buffer
		if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 100}); err != nil {
			tb.Fatal(err)
		}
		if out := withEXIF(plain.Bytes()); len(out) >= minBytes {
			return out
		}
		w, h = w*3/2, h*3/2
	}
}

// withEXIF inserts an EXIF segment after the SOI marker of a JPEG.
func withEXIF(b []byte) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a\x00\x00\x00\x08")
	_ = binary.Write(&tiff, binary.BigEndian, uint16(1))
	_ = binary.Write(&tiff, binary.BigEndian, []uint16{0x8825, 4})
	_ = binary.Write(&tiff, binary.BigEndian, []uint32{1, 26})
	_ = binary.Write(&tiff, binary.BigEndian, uint32(0))
	tiff.WriteString(GPSMarker)
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	seg = append(seg, payload...)
	out := append([]byte{}, b[:2]...)
	out = append(out, seg...)
	return append(out, b[2:]...)
}
