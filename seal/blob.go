package seal

import (
	"errors"
	"fmt"
)

// BlobPrefix starts every sealed blob: the bytes of a file sealed with
// its own key.
const BlobPrefix = "vigil-sealed-blob-v1\n"

// SealBlob encrypts data under key (a file key of its own, made with
// NewKey) with XChaCha20-Poly1305 and a random nonce, bound to aad. The
// result starts with BlobPrefix.
func SealBlob(key Key, aad string, data []byte) ([]byte, error) {
	if !key.set {
		return nil, errors.New("seal: seal blob: missing key")
	}
	box, err := sealBox(key, []byte(aad), data)
	if err != nil {
		return nil, err
	}
	return append([]byte(BlobPrefix), box...), nil
}

// OpenBlob decrypts a blob made by SealBlob with the same key and aad;
// anything else (another key, other bytes, another aad) fails with an
// error wrapping ErrAuth or ErrFormat.
func OpenBlob(key Key, aad string, sealed []byte) ([]byte, error) {
	if !key.set {
		return nil, errors.New("seal: open blob: missing key")
	}
	if len(sealed) < len(BlobPrefix) || string(sealed[:len(BlobPrefix)]) != BlobPrefix {
		return nil, fmt.Errorf("seal: open blob: %w: no sealed-blob header", ErrFormat)
	}
	out, err := openBox(key, []byte(aad), sealed[len(BlobPrefix):])
	if err != nil {
		return nil, fmt.Errorf("seal: open blob: %w", err)
	}
	return out, nil
}
