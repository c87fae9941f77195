import Foundation
import Testing

/// Interviewer utterances labelled by hand from the NICHD coding definitions in docs/domain.md, written
/// before the classifier existed so that its accuracy is measured, not assumed.
///
/// One example per line: `label | utterance`, then optional ` || key: value` fields giving the
/// context a coder would have: `child:` an earlier child turn (repeatable, oldest first, the last one
/// is the turn just before the prompt), `asked:` an earlier interviewer prompt, `phase:` the protocol
/// phase. Labels: facilitator, invitation, cued-invitation, time-segmenting, directive,
/// option-posing, suggestive, other (greetings, procedure, ground rules, breaks, closing).
/// All names and events are invented.
enum QualityLabelledSet {
    struct Example: Sendable {
        var language: String
        var line: Int
        var label: String
        var text: String
        var childTurns: [String]
        var earlierPrompts: [String]
        var phase: String?
    }

    static let labels = [
        "facilitator", "invitation", "cued-invitation", "time-segmenting", "directive", "option-posing",
        "suggestive", "other",
    ]

    static var all: [Example] { parse(english, language: "en") + parse(swedish, language: "sv") }

    static func parse(_ text: String, language: String) -> [Example] {
        var examples: [Example] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.components(separatedBy: " || ")
            let head = fields[0].components(separatedBy: " | ")
            var example = Example(
                language: language, line: index + 1, label: head[0], text: head.dropFirst().joined(separator: " | "),
                childTurns: [], earlierPrompts: [], phase: nil)
            for field in fields.dropFirst() {
                if field.hasPrefix("child: ") {
                    example.childTurns.append(String(field.dropFirst(7)))
                } else if field.hasPrefix("asked: ") {
                    example.earlierPrompts.append(String(field.dropFirst(7)))
                } else if field.hasPrefix("phase: ") {
                    example.phase = String(field.dropFirst(7))
                } else {
                    example.label = "malformed field: \(field)"
                }
            }
            examples.append(example)
        }
        return examples
    }

    static let english = """
        facilitator | Mm-hm.
        facilitator | Uh-huh.
        facilitator | Okay.
        facilitator | Mm.
        facilitator | Yeah.
        facilitator | I see.
        facilitator | Right.
        facilitator | Okay, mm-hm.
        facilitator | Oh, okay.
        facilitator | Alright.
        facilitator | Hm.
        facilitator | Yes.
        facilitator | At the bus stop... || child: we were at the bus stop
        facilitator | He pulled your hair. || child: and then he pulled my hair
        facilitator | The blue car. || child: it was the blue car
        facilitator | Under the table, okay. || child: i hid under the table
        facilitator | Mm, in the kitchen. || child: it was in the kitchen
        facilitator | Okay, your brother was there. || child: my brother was there too

        invitation | Tell me everything that happened.
        invitation | And then?
        invitation | Then what happened?
        invitation | What happened next?
        invitation | Tell me more.
        invitation | Tell me more about that. || child: he was there
        invitation | Tell me everything about that, from the beginning to the end. || child: something happened at home
        invitation | What happened?
        invitation | Tell me why you came to talk to me today. || phase: transition
        invitation | And what happened then?
        invitation | Tell me about things you like to do. || phase: rapport
        invitation | Tell me about yourself. || phase: rapport
        invitation | Tell me everything you remember.
        invitation | Tell me the whole thing.
        invitation | What else happened?
        invitation | Can you tell me more about that? || child: it was at the weekend
        invitation | Think back to that time and tell me everything.
        invitation | Start at the beginning and tell me everything that happened.
        invitation | Go on, tell me more.

        time-segmenting | Tell me everything from when you got off the bus until you got home. || child: i got off the bus and walked home
        time-segmenting | Tell me everything that happened after you went to bed. || child: i went to bed and then he came in
        time-segmenting | What happened after he came into the room? || child: he came into the room
        time-segmenting | What happened before you went to the park? || child: we went to the park
        time-segmenting | Tell me what happened between lunch and when your mum picked you up. || child: after lunch we were outside and then my mum picked me up
        time-segmenting | Tell me everything from the moment you woke up until you left for school. || child: i woke up early and left for school
        time-segmenting | Tell me what happened right after the phone call. || child: then there was a phone call
        time-segmenting | Think about the time between dinner and bedtime, and tell me everything that happened. || child: it was after dinner but before bedtime
        time-segmenting | You said he came home late. Tell me everything that happened from when he came home until you fell asleep. || child: he came home late and i fell asleep after
        time-segmenting | Tell me everything that happened at the party, from when you arrived until you left. || child: at the party when we arrived
        time-segmenting | What happened after you locked the door? || child: i locked the door
        time-segmenting | Tell me what happened before he hit you. || child: he hit me
        time-segmenting | Tell me about the time from when you got to grandma's house until dinner. || child: we went to grandma's house and had dinner
        time-segmenting | Tell me everything that happened between the swimming lesson and going home. || child: i had my swimming lesson
        time-segmenting | What happened after the game ended? || child: the game ended
        time-segmenting | Tell me what happened after you hid in the closet. || child: i hid in the closet
        time-segmenting | Tell me everything that happened from when the car stopped until you got out. || child: the car stopped and later i got out

        cued-invitation | You said the dog barked. Tell me more about that. || child: the dog barked
        cued-invitation | Tell me more about the car. || child: he had a big car
        cued-invitation | You mentioned your uncle. Tell me everything about your uncle. || child: my uncle lives with us
        cued-invitation | You said he was angry. Tell me more about him being angry. || child: he was angry
        cued-invitation | Tell me more about the secret. || child: he said it was a secret
        cued-invitation | Earlier you said something about a knife. Tell me everything about that. || child: he had a knife
        cued-invitation | Tell me more about the game you played. || child: we played a game
        cued-invitation | You said it hurt. Tell me more about that. || child: it hurt
        cued-invitation | Tell me everything about the pictures. || child: he showed me pictures
        cued-invitation | You told me he locked the door. Tell me more about the door being locked. || child: he locked the door
        cued-invitation | Tell me more about what he said. || child: he said bad words
        cued-invitation | You said you were scared. Tell me everything about being scared. || child: i was scared
        cued-invitation | Tell me more about the man in the shop. || child: there was a man in the shop
        cued-invitation | Describe the room for me. || child: it was in his room
        cued-invitation | You said there was a fight. Tell me more about the fight. || child: there was a fight
        cued-invitation | Tell me more about the phone. || child: he took my phone
        cued-invitation | You said your brother cried. Tell me everything about that. || child: my brother cried
        cued-invitation | You said "the bad thing". Tell me more about the bad thing. || child: he did the bad thing

        directive | What colour was the car? || child: a car came
        directive | Where were you when that happened? || child: it happened in the summer
        directive | When did that happen? || child: he pushed me
        directive | Who was there? || child: we were at the lake
        directive | How did you get home? || child: i got home later
        directive | What did he say? || child: he said something
        directive | Which room were you in? || child: we were in the house
        directive | How many times did that happen? || child: he pushed me
        directive | Why did you go there? || child: we went there
        directive | Tell me what colour the car was. || child: the car was parked outside
        directive | Tell me where he was standing. || child: he was standing there
        directive | Can you tell me who was there? || child: we were at the lake
        directive | What was he wearing? || child: he came in
        directive | Where did he take the phone? || child: he took my phone
        directive | What time was it? || child: he came over
        directive | How did you feel? || child: he yelled at me
        directive | Who is Alex? || child: Alex was there
        directive | Tell me, what did your mum say? || child: my mum said something
        directive | So where was your sister? || child: my sister was home

        option-posing | Was anyone else there?
        option-posing | Was it day or night?
        option-posing | Did he say anything?
        option-posing | Can you tell me if he hit you?
        option-posing | Tell me, did he hit you?
        option-posing | Do you remember what he was wearing?
        option-posing | Were you at home or at school?
        option-posing | Did it happen one time or more than one time?
        option-posing | Was the door open?
        option-posing | Have you told anyone about this?
        option-posing | Did it happen in the bedroom or in the living room?
        option-posing | Is he your teacher?
        option-posing | Did your mum know?
        option-posing | Could you see his face?
        option-posing | Was it before or after Christmas?
        option-posing | Did he touch you?
        option-posing | Do you know why you are here today?
        option-posing | Was he wearing a hat?
        option-posing | Did anyone else see it?
        option-posing | Could you tell me whether the light was on?

        suggestive | He took your phone, didn't he? || child: he came over
        suggestive | You were scared, weren't you?
        suggestive | Didn't he hit you?
        suggestive | Wasn't it your uncle who did it?
        suggestive | Isn't it true that he touched you?
        suggestive | He hurt you, right?
        suggestive | Where did he touch you? || child: we were watching tv
        suggestive | Your sister already told us what happened, so you can tell me too.
        suggestive | We know he did it. You can tell me.
        suggestive | You'll feel much better if you just tell me.
        suggestive | Are you sure? Think about it again.
        suggestive | I'll ask you again: did he hit you? || child: no
        suggestive | What did he do after he kissed you? || child: he came into my room
        suggestive | Your mum said he hit you. Is that right?
        suggestive | It must have been really scary when he hurt you. || child: he came to visit
        suggestive | Tell me about when he touched you. || child: i was at his house
        suggestive | He told you to keep it a secret, didn't he?
        suggestive | Did he hit you? || asked: Did he hit you? || child: no
        suggestive | Everybody knows what he did.

        other | Hi, my name is Sara and my job is to talk to children. || phase: introduction
        other | Thank you for coming to talk to me today.
        other | This room has a camera so that I can remember what you say.
        other | If you don't know the answer, just say "I don't know".
        other | If I say something wrong, please correct me.
        other | If I say my shoes are red, is that true or a lie? || phase: ground-rules
        other | Do you promise to tell me the truth? || phase: ground-rules
        other | Let's take a short break.
        other | I'm going to check with my colleagues, I'll be right back.
        other | Would you like some water?
        other | Do you need to go to the toilet?
        other | Thank you for telling me.
        other | Is there anything you would like to ask me? || phase: closing
        other | If you don't understand a question, tell me.
        other | What are you going to do after this? || phase: closing
        other | Here is a paper and a pen.
        other | Good morning.
        """

    static let swedish = """
        facilitator | Mm.
        facilitator | Mhm.
        facilitator | Okej.
        facilitator | Ja.
        facilitator | Jaha.
        facilitator | Aha.
        facilitator | Precis.
        facilitator | Jag förstår.
        facilitator | Okej, mm.
        facilitator | Jaså.
        facilitator | Just det.
        facilitator | Jo.
        facilitator | Vid busshållplatsen... || child: vi var vid busshållplatsen
        facilitator | Han drog dig i håret. || child: och sen drog han mig i håret
        facilitator | Den blåa bilen. || child: det var den blåa bilen
        facilitator | Under bordet, okej. || child: jag gömde mig under bordet
        facilitator | I köket. || child: det var i köket

        invitation | Berätta allt som hände.
        invitation | Och sen?
        invitation | Vad hände sen?
        invitation | Vad hände sedan?
        invitation | Berätta mer.
        invitation | Berätta mer om det. || child: han var där
        invitation | Berätta allt om det, från början till slut. || child: det hände något hemma
        invitation | Vad hände?
        invitation | Berätta varför du har kommit hit idag. || phase: transition
        invitation | Och vad hände då?
        invitation | Berätta om saker som du tycker om att göra. || phase: rapport
        invitation | Berätta om dig själv. || phase: rapport
        invitation | Berätta allt du kommer ihåg.
        invitation | Vad hände mer?
        invitation | Kan du berätta mer om det? || child: det var i helgen
        invitation | Tänk tillbaka på den gången och berätta allt.
        invitation | Börja från början och berätta allt som hände.
        invitation | Fortsätt berätta.
        invitation | Och sedan då?

        time-segmenting | Berätta allt från när du klev av bussen tills du kom hem. || child: jag klev av bussen och gick hem
        time-segmenting | Berätta allt som hände efter att du hade gått och lagt dig. || child: jag gick och la mig och sen kom han in
        time-segmenting | Vad hände efter att han kom in i rummet? || child: han kom in i rummet
        time-segmenting | Vad hände innan ni gick till parken? || child: vi gick till parken
        time-segmenting | Berätta vad som hände mellan lunchen och när mamma hämtade dig. || child: efter lunchen var vi ute och sen hämtade mamma mig
        time-segmenting | Berätta allt från att du vaknade tills du gick till skolan. || child: jag vaknade tidigt och gick till skolan
        time-segmenting | Berätta vad som hände direkt efter telefonsamtalet. || child: sen kom det ett telefonsamtal
        time-segmenting | Tänk på tiden mellan middagen och läggdags och berätta allt som hände. || child: det var efter middagen men före läggdags
        time-segmenting | Du sa att han kom hem sent. Berätta allt som hände från att han kom hem tills du somnade. || child: han kom hem sent och jag somnade sen
        time-segmenting | Berätta allt som hände på kalaset, från att ni kom dit tills ni gick hem. || child: på kalaset när vi kom dit
        time-segmenting | Vad hände efter att du låste dörren? || child: jag låste dörren
        time-segmenting | Berätta vad som hände innan han slog dig. || child: han slog mig
        time-segmenting | Berätta om tiden från att du kom till mormors hus fram till middagen. || child: vi åkte till mormors hus och åt middag
        time-segmenting | Berätta allt som hände mellan simlektionen och att du åkte hem. || child: jag hade simlektion
        time-segmenting | Vad hände efter att matchen var slut? || child: matchen var slut
        time-segmenting | Berätta vad som hände efter att du gömde dig i garderoben. || child: jag gömde mig i garderoben
        time-segmenting | Berätta allt som hände från att bilen stannade tills du gick ut. || child: bilen stannade och sen gick jag ut

        cued-invitation | Du sa att hunden skällde. Berätta mer om det. || child: hunden skällde
        cued-invitation | Berätta mer om bilen. || child: han hade en stor bil
        cued-invitation | Du nämnde din morbror. Berätta allt om din morbror. || child: min morbror bor hos oss
        cued-invitation | Du sa att han var arg. Berätta mer om när han var arg. || child: han var arg
        cued-invitation | Berätta mer om hemligheten. || child: han sa att det var en hemlighet
        cued-invitation | Tidigare sa du något om en kniv. Berätta allt om det. || child: han hade en kniv
        cued-invitation | Berätta mer om leken ni lekte. || child: vi lekte en lek
        cued-invitation | Du sa att det gjorde ont. Berätta mer om det. || child: det gjorde ont
        cued-invitation | Berätta allt om bilderna. || child: han visade mig bilder
        cued-invitation | Du berättade att han låste dörren. Berätta mer om det. || child: han låste dörren
        cued-invitation | Berätta mer om vad han sa. || child: han sa fula ord
        cued-invitation | Du sa att du var rädd. Berätta mer om att du var rädd. || child: jag var rädd
        cued-invitation | Berätta mer om mannen i affären. || child: det var en man i affären
        cued-invitation | Beskriv rummet för mig. || child: det var i hans rum
        cued-invitation | Du sa att det blev bråk. Berätta mer om bråket. || child: det blev bråk
        cued-invitation | Berätta mer om telefonen. || child: han tog min telefon
        cued-invitation | Du sa att din bror grät. Berätta allt om det. || child: min bror grät

        directive | Vilken färg hade bilen? || child: en bil kom
        directive | Var var du när det hände? || child: det hände i somras
        directive | När hände det? || child: han knuffade mig
        directive | Vem var där? || child: vi var vid sjön
        directive | Hur kom du hem? || child: jag kom hem senare
        directive | Vad sa han? || child: han sa något
        directive | Vilket rum var du i? || child: vi var i huset
        directive | Hur många gånger hände det? || child: han knuffade mig
        directive | Varför gick du dit? || child: vi gick dit
        directive | Berätta vilken färg bilen hade. || child: bilen stod utanför
        directive | Berätta var han stod. || child: han stod där
        directive | Kan du berätta vem som var där? || child: vi var vid sjön
        directive | Vad hade han på sig? || child: han kom in
        directive | Vart tog han telefonen? || child: han tog min telefon
        directive | Vad var klockan? || child: han kom över
        directive | Hur kändes det? || child: han skrek på mig
        directive | Vem är Alex? || child: Alex var där
        directive | Berätta, vad sa din mamma? || child: mamma sa något
        directive | Så var var din syster? || child: min syster var hemma

        option-posing | Var det någon mer där?
        option-posing | Var det dag eller natt?
        option-posing | Sa han något?
        option-posing | Kan du berätta om han slog dig?
        option-posing | Berätta, slog han dig?
        option-posing | Kommer du ihåg vad han hade på sig?
        option-posing | Var du hemma eller i skolan?
        option-posing | Hände det en gång eller fler än en gång?
        option-posing | Var dörren öppen?
        option-posing | Har du berättat för någon om det här?
        option-posing | Hände det i sovrummet eller i vardagsrummet?
        option-posing | Är han din lärare?
        option-posing | Visste din mamma om det?
        option-posing | Kunde du se hans ansikte?
        option-posing | Var det före eller efter jul?
        option-posing | Rörde han dig?
        option-posing | Vet du varför du är här idag?
        option-posing | Hade han en mössa på sig?
        option-posing | Såg någon annan det?
        option-posing | Kan du berätta om lampan var tänd?

        suggestive | Han tog din telefon, eller hur? || child: han kom dit
        suggestive | Du var rädd, var du inte?
        suggestive | Slog han dig inte?
        suggestive | Var det inte din morbror som gjorde det?
        suggestive | Visst rörde han dig?
        suggestive | Han gjorde dig illa, eller hur?
        suggestive | Var rörde han dig? || child: vi tittade på tv
        suggestive | Din syster har redan berättat vad som hände, så du kan berätta du också.
        suggestive | Vi vet att han gjorde det. Du kan berätta.
        suggestive | Du kommer att må mycket bättre om du bara berättar.
        suggestive | Är du säker? Tänk efter en gång till.
        suggestive | Jag frågar igen: slog han dig? || child: nej
        suggestive | Vad gjorde han efter att han pussade dig? || child: han kom in i mitt rum
        suggestive | Din mamma sa att han slog dig. Stämmer det?
        suggestive | Det måste ha varit jätteläskigt när han gjorde dig illa. || child: han kom på besök
        suggestive | Berätta om när han rörde dig. || child: jag var hemma hos honom
        suggestive | Han sa att du skulle hålla det hemligt, inte sant?
        suggestive | Slog han dig? || asked: Slog han dig? || child: nej
        suggestive | Han slog dig väl?
        suggestive | Alla vet vad han gjorde.

        other | Hej, jag heter Sara och mitt jobb är att prata med barn. || phase: introduction
        other | Tack för att du kom hit och pratar med mig idag.
        other | Det finns en kamera i rummet så att jag kan komma ihåg vad du säger.
        other | Om du inte vet svaret kan du säga "jag vet inte".
        other | Om jag säger något som är fel, säg till.
        other | Om jag säger att mina skor är röda, är det sant eller lögn? || phase: ground-rules
        other | Lovar du att berätta sanningen? || phase: ground-rules
        other | Nu tar vi en kort paus.
        other | Jag ska gå och prata med mina kollegor, jag kommer strax tillbaka.
        other | Vill du ha lite vatten?
        other | Behöver du gå på toaletten?
        other | Tack för att du berättade.
        other | Är det något du vill fråga mig? || phase: closing
        other | Om du inte förstår en fråga, säg det till mig.
        other | Vad ska du göra efter det här? || phase: closing
        other | Här är ett papper och en penna.
        other | God morgon.
        """
}

@Suite struct QualityLabelledSetTests {
    /// The accuracy numbers mean something only if the set is as large and as balanced as promised.
    @Test func setIsLargeAndBalanced() {
        let all = QualityLabelledSet.all
        for language in ["en", "sv"] {
            let examples = all.filter { $0.language == language }
            #expect(examples.count >= 100, "\(language): \(examples.count) examples")
            for label in QualityLabelledSet.labels {
                let count = examples.filter { $0.label == label }.count
                #expect(count >= 15, "\(language) \(label): \(count) examples")
            }
        }
        let unknown = all.filter { !QualityLabelledSet.labels.contains($0.label) }
        #expect(unknown.isEmpty, "unknown labels on lines \(unknown.map(\.line))")
        #expect(all.allSatisfy { !$0.text.isEmpty })
    }
}
