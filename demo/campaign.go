package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"

	"vigil"
	"vigil/figure"
)

// campaign loads the seed's advocacy: the campaign and its ask, the joint
// letter signed by the nine NGOs and the two affected individuals (under
// their pseudonyms), its delivery, the 9 May demonstration at the
// Ministry, the 13 May meeting, the ask's state, the outcome and the
// photographer's credit. Signatures go through invitations and SignLetter
// like any other.
func (l *loader) campaign(adv vigil.AdvocacyService) {
	if l.err != nil {
		return
	}
	pub := vigil.Meta{Sensitivity: vigil.Public}
	var postKR int64
	l.do("post of the minister", func() error {
		ps, _, err := l.svc.FindPosts(l.ctx, vigil.PostFilter{OrganizationID: ptr(l.actor["mofa-kr"])})
		if err == nil && len(ps) > 0 {
			postKR = ps[0].ID
		}
		return err
	})
	c := &vigil.Campaign{Meta: pub,
		Title: vigil.Names{En: "Put forced repatriation on the agenda of the 13 May 2024 Korea–China foreign ministers' meeting", Ko: "5월 13일 한중 외교장관 회담에 탈북민 강제북송 의제 포함 촉구"},
		Goal: vigil.Names{En: "Minister Cho Tae-yul raises the forced repatriation of North Korean refugees with China during his visit to Beijing.",
			Ko: "조태열 외교부 장관이 방중 기간 중국 측에 탈북민 강제북송 문제를 제기한다."},
		Targets:  []vigil.CampaignTarget{{ActorID: l.actor["cho"], PostID: ptr(postKR)}},
		Deadline: "2024-05-13",
	}
	l.do("campaign", func() error {
		is, _, err := l.svc.FindIncidents(l.ctx, vigil.IncidentFilter{Page: vigil.Page{Limit: 10}})
		for _, i := range is {
			c.IncidentIDs = append(c.IncidentIDs, i.ID)
		}
		if err != nil {
			return err
		}
		return adv.CreateCampaign(l.ctx, c)
	})
	ask := &vigil.Ask{Meta: pub, CampaignID: c.ID, TargetID: ptr(l.actor["cho"]), Deadline: "2024-05-13",
		Text: vigil.Names{En: "Raise the prohibition of forced repatriation of North Korean refugees, and their guaranteed passage to South Korea, at the 13 May meeting",
			Ko: "5월 13일 회담에서 탈북 난민 강제송환 금지 및 한국행 보장을 제기할 것"}}
	l.do("ask", func() error { return adv.CreateAsk(l.ctx, ask) })

	// The letter. The seed does not reproduce its text; this one restates
	// the ask as the post reports it, and says so.
	letter := &vigil.Letter{Meta: pub, CampaignID: &c.ID,
		Title:       vigil.Names{En: "Joint letter to the Minister of Foreign Affairs", Ko: "외교부 장관께 드리는 공동 서한"},
		AddressedTo: vigil.Names{En: "Cho Tae-yul, Minister of Foreign Affairs", Ko: "조태열 외교부 장관"}}
	text := &vigil.LetterVersion{Note: "demo text",
		Title: letter.Title,
		Body: vigil.Names{
			Ko: "조태열 외교부 장관님께\n\n아래 서명한 단체와 당사자들은 5월 13일 한중 외교장관 회담에서 탈북 난민 강제송환 금지와 한국행 보장을 의제로 다루어 주실 것을 촉구합니다.\n\n(데모 자료: 원문은 시드 게시물에 실려 있지 않으며, 이 글은 게시물이 전하는 요청을 요약한 것입니다.)",
			En: "To Cho Tae-yul, Minister of Foreign Affairs\n\nThe undersigned organizations and individuals urge you to raise the prohibition of the forced repatriation of North Korean refugees, and their guaranteed passage to South Korea, at the Korea–China foreign ministers' meeting on 13 May.\n\n(Demo data: the seed post does not reproduce the letter; this text summarizes the ask the post reports.)",
		}}
	l.do("letter", func() error { return adv.CreateLetter(l.ctx, letter, text) })
	l.do("freeze letter", func() error {
		f, err := adv.FreezeLetter(l.ctx, letter.ID, letter.Version)
		if err == nil {
			*letter = *f
		}
		return err
	})
	for _, n := range ngos {
		org := l.actor[n.key]
		l.do("signature of "+n.key, func() error {
			secret, err := adv.CreateInvitation(l.ctx, &vigil.Invitation{LetterID: letter.ID, Kind: vigil.SignerOrganization, OrganizationID: &org, Label: n.en})
			if err != nil {
				return err
			}
			_, _, err = adv.SignLetter(l.ctx, secret, &vigil.SignRequest{
				RepresentativeName: "(not named in the source)", RepresentativeTitle: "(not named in the source)",
				Authority: "Listed as a signatory in the Human Rights Hub post of 2024-05-20.", TextHash: letter.TextHash, Confirm: true})
			return err
		})
	}
	for _, key := range []string{"affected-1", "affected-2"} {
		person := l.actor[key]
		l.do("signature of "+key, func() error {
			a, err := l.svc.FindActorByID(l.ctx, person)
			if err != nil {
				return err
			}
			secret, err := adv.CreateInvitation(l.ctx, &vigil.Invitation{LetterID: letter.ID, Kind: vigil.SignerIndividual, PersonID: &person, Label: "affected individual"})
			if err != nil {
				return err
			}
			_, _, err = adv.SignLetter(l.ctx, secret, &vigil.SignRequest{Name: a.Name.In("ko"), Pseudonymous: true, Pseudonym: a.Pseudonym, TextHash: letter.TextHash, Confirm: true})
			return err
		})
	}
	l.do("delivery", func() error {
		return adv.CreateDelivery(l.ctx, &vigil.Delivery{Meta: pub, LetterID: letter.ID, RecipientID: ptr(l.actor["mofa-kr"]), Channel: vigil.ChannelHand,
			Date: "2024-05-09?", Notes: "The post says the letter was written and signed before the demonstration; the delivery day is assumed."})
	})

	demo := &vigil.Event{Meta: pub, CampaignID: &c.ID, Kind: vigil.EventDemonstration, Date: "2024-05-09", PlaceID: ptr(l.place["mofa"]),
		Title:     vigil.Names{En: "Demonstration in front of the Ministry of Foreign Affairs", Ko: "외교부 앞 집회"},
		Summary:   vigil.Names{En: "Nine NGOs and two individuals directly affected by China's forced repatriation policy urged Minister Cho to raise forced repatriation during his visit to China."},
		PlaceText: "in front of the Ministry of Foreign Affairs, Seoul", Participants: figure.Figure{Text: "at least 11"},
		Notes: "Counted as the nine NGOs and two affected individuals the post names; the number of people present is not reported."}
	for _, n := range ngos {
		demo.OrganizerIDs = append(demo.OrganizerIDs, l.actor[n.key])
	}
	l.do("demonstration", func() error { return adv.CreateEvent(l.ctx, demo) })
	meeting := &vigil.Event{Meta: pub, CampaignID: &c.ID, Kind: vigil.EventMeeting, Date: "2024-05-13", PlaceID: ptr(l.place["beijing"]),
		Title:        vigil.Names{En: "Cho Tae-yul meets Wang Yi in Beijing", Ko: "조태열 장관·왕이 부장 회담(베이징)"},
		OrganizerIDs: []int64{l.actor["mofa-kr"], l.actor["mfa-cn"]}}
	l.do("meeting", func() error { return adv.CreateEvent(l.ctx, meeting) })

	for _, a := range []vigil.CampaignAction{
		{Kind: vigil.ActionPressRelease, Date: "2024-05", SourceID: ptr(l.source["nkhr-release"]),
			Title: vigil.Names{En: "NKHR news release urging the agenda for the 13 May meeting", Ko: "북한인권시민연합 보도자료: 5월 13일 회담 의제 포함 촉구"}},
		{Kind: vigil.ActionLetter, Date: "2024-05-09", LetterID: &letter.ID, Title: letter.Title},
		{Kind: vigil.ActionDemonstration, Date: "2024-05-09", EventID: &demo.ID, Title: demo.Title, SourceID: ptr(l.source["hub-post"])},
		{Kind: vigil.ActionMeeting, Date: "2024-05-13", EventID: &meeting.ID, Title: meeting.Title, SourceID: ptr(l.source["hub-post"])},
	} {
		a.Meta, a.CampaignID = pub, c.ID
		l.do("action "+string(a.Kind), func() error { return adv.CreateAction(l.ctx, &a) })
	}
	l.do("ask state", func() error {
		_, err := adv.ChangeAskState(l.ctx, ask.ID, ask.Version, vigil.AskStateChange{State: vigil.AskRaised, Date: "2024-05-13", SourceID: ptr(l.source["hub-post"]),
			Note: "Minister Cho raised China's stance towards North Korean defectors; Wang Yi replied that China's policy toward the Korean Peninsula remains unchanged."})
		return err
	})
	l.do("outcome", func() error {
		return adv.CreateOutcome(l.ctx, &vigil.Outcome{Meta: pub, CampaignID: c.ID, AskID: &ask.ID, ChangedByID: ptr(l.actor["cho"]), Date: "2024-05-13",
			Change:       vigil.Names{En: "Raised at the 13 May meeting; reply: policy unchanged", Ko: "5월 13일 회담에서 제기됨; 답변: 정책 변함없음"},
			Significance: vigil.Names{En: "The minister put forced repatriation on the record with his Chinese counterpart, on an issue that is politicized in South Korea."},
			Contribution: vigil.Names{En: "The letter and the demonstration of 9 May urged him to; the post credits them with convincing him to address it."},
			SourceIDs:    []int64{l.source["hub-post"]}})
	})
	// The post's photographs are not part of the demo data; a plain
	// placeholder carries the photographer's credit, not yet cleared.
	l.do("photo credit", func() error {
		return adv.CreatePhoto(l.ctx, &vigil.Photo{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, EventID: demo.ID, PhotographerID: ptr(l.actor["photographer"]),
			Credit: "Photographs: Bitna Kim (김빛나)", Caption: vigil.Names{En: "Placeholder: the demonstration's photographs are not included in the demo"}}, placeholder())
	})
}

// placeholder is a plain grey 32×24 PNG.
func placeholder() []byte {
	img := image.NewGray(image.Rect(0, 0, 32, 24))
	for i := range img.Pix {
		img.Pix[i] = 0xC8
	}
	img.Set(0, 0, color.Gray{0x80})
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
