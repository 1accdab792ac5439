package figure

// peekVague reports whether a vague count starts at p.pos and its unit:
// "dozens", "hundreds of", "several hundred", "a few dozen", "수십",
// "몇백". Units the policy has no band for fail with ErrTooVague.
func (p *parser) peekVague() (int64, bool, *numErr) {
	unit, n := p.vagueAt()
	if n == 0 {
		return 0, false, nil
	}
	if unit == 0 {
		return 0, true, &numErr{ErrTooVague, "too vague to count (no band for units above 1000)"}
	}
	return unit, true, nil
}

func (p *parser) vagueLen() int {
	_, n := p.vagueAt()
	return n
}

// vagueAt returns the unit (0 when too large) and token length of a
// vague count at p.pos, or n == 0 when there is none.
func (p *parser) vagueAt() (unit int64, n int) {
	i := p.pos
	if w := p.word(i); w != "" {
		if w == "a" && p.word(i+1) == "few" {
			i++
			w = "few"
		}
		if enFewWords[w] {
			u, ok := enFewScales[p.word(i+1)]
			if !ok {
				return 0, 0
			}
			unit, i = u, i+2
		} else if u, ok := enVague[w]; ok {
			unit, i = u, i+1
		} else {
			return 0, 0
		}
		// "tens of thousands", "hundreds of thousands"
		if p.word(i) == "of" {
			if big, ok := enVague[p.word(i+1)]; ok && big >= 100 || p.word(i+1) == "millions" {
				return 0, i + 2 - p.pos
			}
		}
		return unit, i - p.pos
	}
	if koVagueHeads[p.ko(i)] {
		next := p.ko(i + 1)
		if u, ok := koSmallUnits[next]; ok {
			if _, big := koBigUnits[p.ko(i+2)]; big {
				return 0, 3
			}
			return u, 2
		}
		if _, big := koBigUnits[next]; big {
			return 0, 2
		}
	}
	return 0, 0
}
