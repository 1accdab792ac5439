// Package photo strips metadata from uploaded pictures by decoding and
// re-encoding them with the standard library. JPEG's APP segments (EXIF
// with GPS, XMP, IPTC, maker notes) and PNG's ancillary chunks (eXIf,
// tEXt, iTXt, zTXt, tIME) are not pixels, so the decoder drops them and
// the encoder writes none. It is pure: no I/O.
package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
)

// MaxPixels bounds the decoded size, so a small file that claims a huge
// image cannot exhaust memory.
const MaxPixels = 40_000_000

// Image is a stripped picture.
type Image struct {
	Data          []byte
	ContentType   string // image/jpeg or image/png
	Width, Height int
	SHA256        string // hex, of Data
}

// Strip decodes a JPEG or PNG and re-encodes it in the same format
// without any metadata. JPEGs are re-encoded at quality 92.
func Strip(data []byte) (*Image, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("photo: not a JPEG or PNG image: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("photo: %d×%d pixels is more than the %d allowed", cfg.Width, cfg.Height, MaxPixels)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("photo: decode %s: %w", format, err)
	}
	var out bytes.Buffer
	ct := ""
	switch format {
	case "jpeg":
		ct = "image/jpeg"
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 92})
	case "png":
		ct = "image/png"
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img)
	default:
		return nil, fmt.Errorf("photo: %s images are not accepted; upload a JPEG or PNG", format)
	}
	if err != nil {
		return nil, fmt.Errorf("photo: encode %s: %w", format, err)
	}
	sum := sha256.Sum256(out.Bytes())
	b := img.Bounds()
	return &Image{Data: out.Bytes(), ContentType: ct, Width: b.Dx(), Height: b.Dy(), SHA256: hex.EncodeToString(sum[:])}, nil
}

// Markers are byte strings that announce metadata in a JPEG or PNG file:
// the EXIF header, XMP's namespace, PNG's metadata chunk types. A
// stripped image contains none of them; tests check that.
var Markers = [][]byte{[]byte("Exif\x00\x00"), []byte("http://ns.adobe.com/xap/"), []byte("eXIf"), []byte("tEXt"), []byte("iTXt"), []byte("zTXt"), []byte("GPS")}

// HasMetadata reports whether data contains any of Markers.
func HasMetadata(data []byte) bool {
	for _, m := range Markers {
		if bytes.Contains(data, m) {
			return true
		}
	}
	return false
}
