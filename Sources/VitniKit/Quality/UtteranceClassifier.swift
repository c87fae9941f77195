/// Codes an interviewer utterance with the NICHD prompt types by deterministic rules over the whole
/// utterance — never by its opening words alone, because about a quarter of "tell me" prompts are
/// really wh- or yes/no questions (docs/domain.md).
///
/// Each sentence is coded by the first rule that fits, in this order:
/// 1. suggestive markers: pressure or repetition ("are you sure", "I'll ask you again"), what others
///    said ("your mum said…"), tag questions ("…, didn't he?", "eller hur?", "väl?"), negative
///    questions ("Didn't he…?", "Slog han dig inte?"), presupposing openers ("visst…?");
/// 2. ground rules, procedure and courtesy ("correct me", "true or a lie", "break", "thank you") → other;
/// 3. only back-channel words ("mm-hm", "okay", "jag förstår") → facilitator;
/// 4. a request ("tell me", "berätta", "describe", also after "can you" or "… and"): followed by
///    if/whether or a yes/no question → option-posing; by a wh-question → directive, except "what
///    happened" and the transition prompt "tell me why you came" → invitation; otherwise an invitation;
/// 5. "then?", "what else?", "what happened…", "och sen?", "vad hände…" → invitation;
/// 6. a wh-question → directive (Swedish "var" counts as "where" only when a verb follows);
/// 7. a yes/no opening (auxiliary or verb first), 8. "… or …?", 10. any other question → option-posing;
/// 9. a repetition of words from the child's last turn → facilitator;
/// 11. any other statement → other.
///
/// Invitations are then refined with the context: one that bounds a span ("from … until",
/// "between", "after <event>") is time-segmenting; one that names a topic is cued when a topic
/// word comes from the child's earlier turns, and suggestive when none does (the interviewer
/// brought the information in) — except in rapport and narrative practice, where new neutral
/// topics are expected. Any invitation, directive or statement that introduces a word for abuse,
/// harm or secrecy the child has not used is suggestive (it assumes unreported facts). A yes/no
/// question identical to one of the last few prompts is suggestive (repeated option-posing).
/// The sentence codes are combined by taking the most focused one; in procedural phases
/// (introduction, ground rules, break, closing, neutral topic) everything not suggestive is `other`.
public struct UtteranceClassifier: Sendable {
    /// The language whose rules run.
    public let language: QualityLanguage
    /// True when the requested language is not covered and English rules run instead.
    public let languageFallback: Bool
    let lexicon: UtteranceLexicon

    /// Phases that hold no recall prompts in NICHD coding.
    static let proceduralPhases: Set<String> = [
        "introduction", "ground-rules", "break", "closing", "closure", "neutral-topic", "planning", "evaluation",
    ]
    /// Phases where the interviewer is expected to bring in new neutral topics.
    static let neutralTopicPhases: Set<String> = proceduralPhases.union(["rapport", "narrative-practice"])

    /// - Parameter languageCode: "en", "sv" (or a longer tag such as "sv-SE"); anything else falls
    ///   back to English with `languageFallback` set.
    public init(languageCode: String) {
        if let language = QualityLanguage(code: languageCode) {
            self.language = language
            languageFallback = false
        } else {
            language = .english
            languageFallback = true
        }
        lexicon = language.lexicon
    }

    /// Codes one interviewer utterance.
    /// - Parameters:
    ///   - text: the utterance as transcribed.
    ///   - context: the child's earlier words, the interviewer's recent prompts and the phase.
    /// - Returns: the category and the id of the rule that decided it.
    public func classify(_ text: String, context: UtteranceContext = UtteranceContext()) -> UtteranceClassification {
        let sentences = QualityText.sentences(text)
        var best: Decision = (.other, sentences.isEmpty ? "empty" : "statement")
        var first = true
        for sentence in sentences {
            let decision = classify(sentence: sentence, in: sentences, context: context)
            if first || decision.category > best.category { best = decision }
            first = false
        }
        if let phase = context.phase, Self.proceduralPhases.contains(phase.lowercased()), best.category != .suggestive {
            best = (.other, "procedural-phase")
        }
        return UtteranceClassification(
            category: best.category, rule: best.rule, language: language, languageFallback: languageFallback)
    }

    typealias Decision = (category: UtteranceCategory, rule: String)

    private func classify(
        sentence: QualityText.Sentence, in sentences: [QualityText.Sentence], context: UtteranceContext
    ) -> Decision {
        let words = sentence.words
        if let rule = suggestiveMarker(sentence) { return (.suggestive, rule) }
        if lexicon.proceduralPhrases.contains(where: { QualityText.contains(words, $0) }) {
            return (.other, "procedural")
        }
        if isBackchannel(words) { return (.facilitator, "backchannel") }

        var body = sentence.tokens
        while let head = body.first, lexicon.discourseMarkers.contains(head) || head == "," {
            if body.count == 1 { break }
            body.removeFirst()
        }
        let bodyWords = body.filter { $0 != "," }
        let utteranceWords = sentences.flatMap(\.words)

        if let decision = request(body, sentence: sentence, utteranceWords: utteranceWords, context: context) {
            return decision
        }
        if lexicon.fixedInvitations.contains(bodyWords)
            || lexicon.whatHappened.contains(where: { QualityText.hasPrefix(bodyWords, $0) })
        {
            return invitation(rule: "open-recall", sentence: sentence, utteranceWords: utteranceWords, context: context)
        }
        if isWhQuestion(bodyWords) {
            return focused(.directive, rule: "wh-question", utteranceWords: utteranceWords, context: context)
        }
        if isYesNoQuestion(bodyWords, sentence: sentence) {
            return optionPosing(rule: "yes-no", bodyWords: bodyWords, context: context)
        }
        if sentence.isQuestion && bodyWords.contains(lexicon.or) {
            return optionPosing(rule: "forced-choice", bodyWords: bodyWords, context: context)
        }
        let content = contentWords(words)
        if !content.isEmpty && content.allSatisfy(context.lastChildTurnContains) {
            return (.facilitator, "echo")
        }
        if sentence.isQuestion {
            return optionPosing(rule: "declarative-question", bodyWords: bodyWords, context: context)
        }
        return focused(.other, rule: "statement", utteranceWords: words, context: context)
    }

    // MARK: Rule 1: suggestive markers

    private func suggestiveMarker(_ sentence: QualityText.Sentence) -> String? {
        let words = sentence.words
        if lexicon.pressurePhrases.contains(where: { QualityText.contains(words, $0) }) { return "pressure" }
        for (index, word) in words.enumerated() where lexicon.reportVerbs.contains(word) {
            var before = index - 1
            while before >= 0, lexicon.reportSkips.contains(words[before]) { before -= 1 }
            if before >= 0, lexicon.reporters.contains(words[before]) { return "others-said" }
        }
        for ending in lexicon.tagEndings
        where QualityText.hasSuffix(sentence.tokens, ending) && words.count > ending.filter({ $0 != "," }).count + 1 {
            return "tag-question"
        }
        if sentence.isQuestion {
            for ending in lexicon.questionTagEndings
            where QualityText.hasSuffix(sentence.tokens, ending) && words.count > ending.filter({ $0 != "," }).count + 1
            {
                return "tag-question"
            }
        }
        if words.count >= 4, lexicon.negatedAuxiliaries.contains(words[words.count - 2]),
            lexicon.subjectPronouns.contains(words[words.count - 1])
        {
            return "tag-question"
        }
        var body = words
        while body.count > 1, let head = body.first, lexicon.discourseMarkers.contains(head) { body.removeFirst() }
        guard let head = body.first else { return nil }
        if lexicon.negatedAuxiliaries.contains(head),
            sentence.isQuestion || (body.count >= 3 && lexicon.subjectPronouns.contains(body[1]))
        {
            return "negative-question"
        }
        if let negation = lexicon.negation, sentence.isQuestion || lexicon.yesNoStarters.contains(head) {
            if sentence.isQuestion && body.count >= 3 && body.last == negation { return "tag-question" }
            if lexicon.yesNoStarters.contains(head) && !isWhQuestion(body)
                && body.dropFirst().prefix(3).contains(negation)
            {
                return "negative-question"
            }
        }
        if lexicon.presupposingOpeners.contains(head) && body.count > 1 { return "presupposing" }
        return nil
    }

    // MARK: Rule 3: facilitators

    private func isBackchannel(_ words: [String]) -> Bool {
        guard !words.isEmpty else { return false }
        var rest = words
        for phrase in lexicon.backchannelPhrases {
            while let start = QualityText.firstIndex(of: phrase, in: rest) {
                rest.removeSubrange(start..<(start + phrase.count))
            }
        }
        return rest.allSatisfy(lexicon.backchannelWords.contains)
    }

    // MARK: Rule 4: requests ("tell me", "berätta", "describe")

    private func request(
        _ body: [String], sentence: QualityText.Sentence, utteranceWords: [String], context: UtteranceContext
    ) -> Decision? {
        if requestPosition(of: body, matching: { lexicon.describe.contains($0.first ?? "") }, length: 1) != nil {
            return invitation(rule: "describe", sentence: sentence, utteranceWords: utteranceWords, context: context)
        }
        guard
            let start = requestPosition(
                of: body, matching: { QualityText.hasPrefix($0, lexicon.tell) }, length: lexicon.tell.count)
        else { return nil }
        let after = Array(body[(start + lexicon.tell.count)...].drop { $0 == "," }).filter { $0 != "," }
        guard let next = after.first else {
            return invitation(rule: "tell-me", sentence: sentence, utteranceWords: utteranceWords, context: context)
        }
        if lexicon.ifWords.contains(next)
            || (language == .swedish && next == "om" && isSwedishIfClause(Array(after.dropFirst())))
        {
            return optionPosing(rule: "tell-me-if", bodyWords: after, context: context)
        }
        if lexicon.whatHappened.contains(where: { QualityText.hasPrefix(after, $0) }) {
            return invitation(
                rule: "tell-me-what-happened", sentence: sentence, utteranceWords: utteranceWords, context: context)
        }
        if lexicon.whWords.contains(next) {
            if next == lexicon.why && after.contains(where: lexicon.transitionWords.contains) {
                return (.invitation, "transition")
            }
            return focused(.directive, rule: "tell-me-wh", utteranceWords: utteranceWords, context: context)
        }
        if isYesNoQuestion(after, sentence: sentence) || lexicon.negatedAuxiliaries.contains(next) {
            return optionPosing(rule: "tell-me-yes-no", bodyWords: after, context: context)
        }
        return invitation(rule: "tell-me", sentence: sentence, utteranceWords: utteranceWords, context: context)
    }

    /// Where a request verb starts: at the beginning, after a polite frame ("can you"), or after a
    /// leader ("… and tell me", "go on, tell me"). A "tell me" elsewhere ("did you tell me…") is not a request.
    private func requestPosition(of body: [String], matching: ([String]) -> Bool, length: Int) -> Int? {
        guard body.count >= length else { return nil }
        for start in 0...(body.count - length) where matching(Array(body[start...])) {
            if start == 0 || lexicon.requestLeaders.contains(body[start - 1]) { return start }
            let before = Array(body[..<start])
            if lexicon.politePrefixes.contains(before) { return start }
        }
        return nil
    }

    /// Swedish "berätta om" is "tell about" or "tell whether": it is "whether" when a subject and a
    /// finite verb follow ("om han slog dig", "om lampan var tänd").
    private func isSwedishIfClause(_ rest: [String]) -> Bool {
        guard rest.count >= 2 else { return false }
        return isFiniteVerb(rest[1])
            && (lexicon.subjectPronouns.contains(rest[0]) || !lexicon.stopwords.contains(rest[0]))
    }

    // MARK: Rules 6–8: question forms

    private func isWhQuestion(_ words: [String]) -> Bool {
        guard let head = words.first, lexicon.whWords.contains(head) else { return false }
        if language == .swedish && head == "var" {
            // "Var var du?" / "Var rörde han dig?" ask where; "Var det…?" / "Var dörren öppen?" ask yes/no.
            guard words.count >= 2 else { return true }
            return !lexicon.subjectPronouns.contains(words[1]) && isFiniteVerb(words[1])
        }
        return true
    }

    private func isYesNoQuestion(_ words: [String], sentence: QualityText.Sentence) -> Bool {
        guard let head = words.first else { return false }
        if lexicon.yesNoStarters.contains(head) && !isWhQuestion(words) { return true }
        if language == .swedish, sentence.isQuestion, words.count >= 2,
            !lexicon.stopwords.contains(head) || isFiniteVerb(head),
            lexicon.subjectPronouns.contains(words[1]), !lexicon.whWords.contains(head)
        {
            return true
        }
        return false
    }

    /// Swedish finite verbs: the listed question openers, or past-tense forms ending -de/-te/-dde.
    private func isFiniteVerb(_ word: String) -> Bool {
        if lexicon.yesNoStarters.contains(word) { return true }
        return word.count >= 4 && (word.hasSuffix("de") || word.hasSuffix("te"))
    }

    // MARK: Refinement with context

    private func contentWords(_ words: [String]) -> [String] {
        words.map(UtteranceContext.normalised).filter {
            $0.count >= 2 && !lexicon.stopwords.contains($0) && !lexicon.backchannelWords.contains($0)
                && !$0.allSatisfy(\.isNumber)
        }
    }

    private func isAllegation(_ word: String) -> Bool {
        lexicon.allegationStems.contains { word.hasPrefix($0) }
    }

    private func newAllegations(_ words: [String], context: UtteranceContext) -> [String] {
        contentWords(words).filter { isAllegation($0) && !context.childSaid($0) }
    }

    /// A directive or statement stays what it is unless it brings in an allegation the child has not made.
    private func focused(
        _ category: UtteranceCategory, rule: String, utteranceWords: [String], context: UtteranceContext
    ) -> Decision {
        newAllegations(utteranceWords, context: context).isEmpty
            ? (category, rule) : (.suggestive, "assumes-allegation")
    }

    private func optionPosing(rule: String, bodyWords: [String], context: UtteranceContext) -> Decision {
        let repeated = bodyWords.count >= 2 && context.recentPrompts.contains { QualityText.hasSuffix($0, bodyWords) }
        return repeated ? (.suggestive, "repeated-question") : (.optionPosing, rule)
    }

    private func invitation(
        rule: String, sentence: QualityText.Sentence, utteranceWords: [String], context: UtteranceContext
    ) -> Decision {
        if !newAllegations(utteranceWords, context: context).isEmpty { return (.suggestive, "assumes-allegation") }
        if boundsSpan(sentence.words) { return (.timeSegmenting, "span") }
        let topic = contentWords(utteranceWords)
        if topic.isEmpty { return (.invitation, rule) }
        if topic.contains(where: context.childSaid) { return (.cuedInvitation, "cue-from-child") }
        if let phase = context.phase, Self.neutralTopicPhases.contains(phase.lowercased()) {
            return (.invitation, "neutral-topic")
        }
        return (.suggestive, "topic-not-from-child")
    }

    private func boundsSpan(_ words: [String]) -> Bool {
        if words.contains(where: lexicon.spanWords.contains) { return true }
        if lexicon.spanPhrases.contains(where: { QualityText.contains(words, $0) }) { return true }
        for (index, word) in words.enumerated() where lexicon.anchorWords.contains(word) {
            if index + 1 < words.count, !lexicon.anchorNonEvents.contains(words[index + 1]) { return true }
        }
        return false
    }
}
