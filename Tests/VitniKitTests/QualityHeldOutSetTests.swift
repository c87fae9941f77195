/// A second, smaller labelled set written after the classifier's rules and before it was ever run
/// on them: fresh wording, never used to adjust a rule. Its accuracy is the honest estimate of how
/// the rules generalise; the larger `QualityLabelledSet` was visible while the rules were written.
/// Same format as `QualityLabelledSet`.
enum QualityHeldOutSet {
    static var all: [QualityLabelledSet.Example] {
        QualityLabelledSet.parse(english, language: "en") + QualityLabelledSet.parse(swedish, language: "sv")
    }

    static let english = """
        facilitator | Uh-huh, okay.
        facilitator | Mhm.
        facilitator | Sure.
        facilitator | In the garage. || child: he was in the garage
        facilitator | Your grandma's dog. || child: it was my grandma's dog
        invitation | Tell me all about it.
        invitation | What happened then?
        invitation | Tell me more about that day. || child: i remember that day
        invitation | And what happened next?
        invitation | Please tell me everything, even the small things.
        time-segmenting | Tell me everything that happened after the teacher left. || child: the teacher left the room
        time-segmenting | What happened before you got in the car? || child: i got in the car
        time-segmenting | Tell me everything from when the film started until it ended. || child: we watched a film
        time-segmenting | Tell me what happened between breakfast and the bus. || child: after breakfast i took the bus
        time-segmenting | What happened after you heard the noise? || child: i heard a noise
        cued-invitation | You said he shouted. Tell me more about the shouting. || child: he shouted at me
        cued-invitation | Tell me everything about the basement. || child: we went down to the basement
        cued-invitation | You mentioned a red bag. Tell me more about that bag. || child: she had a red bag
        cued-invitation | Tell me more about the video. || child: he showed me a video
        cued-invitation | You said you ran away. Tell me everything about running away. || child: i ran away
        directive | Who else lives in the flat? || child: i live in a flat
        directive | Where did you put the bag? || child: i had the bag
        directive | What was the man's name? || child: a man came
        directive | When did your dad come home? || child: my dad came home
        directive | Tell me how you got out. || child: i got out
        option-posing | Was it raining?
        option-posing | Did you go inside or stay outside?
        option-posing | Has this happened before?
        option-posing | Were the lights on?
        option-posing | Did anybody help you?
        suggestive | He locked you in, didn't he?
        suggestive | Don't you remember what he did to you?
        suggestive | Your friend told us he took pictures of you.
        suggestive | Where did he hurt you? || child: we were at the beach
        suggestive | You have to tell me the truth now, you know that he did it.
        other | Hello, thanks for coming in.
        other | The camera is up there in the corner.
        other | We will stop for a short break now.
        other | If you don't know, it's fine to say so.
        other | Is it okay if I ask you some questions? || phase: introduction
        """

    static let swedish = """
        facilitator | Mhm, okej.
        facilitator | Ja, precis.
        facilitator | Jag hör.
        facilitator | I garaget. || child: han var i garaget
        facilitator | Mormors hund. || child: det var mormors hund
        invitation | Berätta allt om det.
        invitation | Vad hände då?
        invitation | Och vad hände sen?
        invitation | Berätta mer om den dagen. || child: jag kommer ihåg den dagen
        invitation | Snälla berätta allt, även små saker.
        time-segmenting | Berätta allt som hände efter att läraren gick. || child: läraren gick ut ur rummet
        time-segmenting | Vad hände innan du satte dig i bilen? || child: jag satte mig i bilen
        time-segmenting | Berätta allt från att filmen började tills den slutade. || child: vi tittade på en film
        time-segmenting | Berätta vad som hände mellan frukosten och bussen. || child: efter frukosten tog jag bussen
        time-segmenting | Vad hände efter att du hörde ljudet? || child: jag hörde ett ljud
        cued-invitation | Du sa att han skrek. Berätta mer om när han skrek. || child: han skrek på mig
        cued-invitation | Berätta allt om källaren. || child: vi gick ner i källaren
        cued-invitation | Du nämnde en röd väska. Berätta mer om väskan. || child: hon hade en röd väska
        cued-invitation | Berätta mer om filmen. || child: han visade mig en film
        cued-invitation | Du sa att du sprang därifrån. Berätta allt om det. || child: jag sprang därifrån
        directive | Vem mer bor i lägenheten? || child: jag bor i en lägenhet
        directive | Var lade du väskan? || child: jag hade väskan
        directive | Vad hette mannen? || child: en man kom
        directive | När kom din pappa hem? || child: min pappa kom hem
        directive | Berätta hur du kom ut. || child: jag kom ut
        option-posing | Regnade det?
        option-posing | Gick du in eller stannade du ute?
        option-posing | Har det här hänt förut?
        option-posing | Var lamporna tända?
        option-posing | Hjälpte någon dig?
        suggestive | Han låste in dig, eller hur?
        suggestive | Kommer du inte ihåg vad han gjorde med dig?
        suggestive | Din kompis berättade att han tog bilder på dig.
        suggestive | Var gjorde han dig illa? || child: vi var på stranden
        suggestive | Du måste berätta sanningen nu, du vet att han gjorde det.
        other | Hej, tack för att du kom.
        other | Kameran sitter där uppe i hörnet.
        other | Nu tar vi en liten paus.
        other | Om du inte vet så är det bra att säga det.
        other | Är det okej att jag ställer några frågor? || phase: introduction
        """
}
