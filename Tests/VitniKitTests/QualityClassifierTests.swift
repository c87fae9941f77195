import Foundation
import Testing
import VitniKit

@Suite struct QualityClassifierTests {
    private static func classify(_ example: QualityLabelledSet.Example) -> UtteranceClassification {
        let context = UtteranceContext(
            childTurns: example.childTurns, earlierPrompts: example.earlierPrompts, phase: example.phase)
        return UtteranceClassifier(languageCode: example.language).classify(example.text, context: context)
    }

    private struct Scores {
        var truePositive = 0
        var falsePositive = 0
        var falseNegative = 0
        var support: Int { truePositive + falseNegative }
        var precision: Double {
            truePositive + falsePositive == 0 ? 0 : Double(truePositive) / Double(truePositive + falsePositive)
        }
        var recall: Double { support == 0 ? 0 : Double(truePositive) / Double(support) }
    }

    /// Classifies `examples`, prints a precision/recall table and returns accuracy and per-label scores.
    private static func evaluate(_ examples: [QualityLabelledSet.Example], title: String) -> (Double, [String: Scores])
    {
        var scores: [String: Scores] = [:]
        var correct = 0
        var misses: [String] = []
        for example in examples {
            let got = classify(example).category.rawValue
            if got == example.label {
                correct += 1
                scores[got, default: Scores()].truePositive += 1
            } else {
                scores[got, default: Scores()].falsePositive += 1
                scores[example.label, default: Scores()].falseNegative += 1
                misses.append("  \(example.language):\(example.line) expected \(example.label), got \(got)")
            }
        }
        let accuracy = examples.isEmpty ? 0 : Double(correct) / Double(examples.count)
        var table = "\(title) (\(examples.count) utterances)\n"
        table += "category".padding(toLength: 18, withPad: " ", startingAt: 0) + " support precision recall\n"
        for label in QualityLabelledSet.labels {
            let score = scores[label, default: Scores()]
            table += label.padding(toLength: 18, withPad: " ", startingAt: 0)
            table += String(format: " %7d %9.2f %6.2f\n", score.support, score.precision, score.recall)
        }
        table += String(format: "accuracy %.3f (%d of %d)\n", accuracy, correct, examples.count)
        table += "misclassified (language:line in the set):\n" + misses.joined(separator: "\n")
        print(table)
        return (accuracy, scores)
    }

    /// Holds the classifier to overall accuracy ≥ 0.85 and recall ≥ 0.75 for every category with
    /// ≥ 15 examples, per language and over both.
    @Test(arguments: ["en", "sv", "all"])
    func accuracyOnLabelledSet(language: String) {
        let examples = QualityLabelledSet.all.filter { language == "all" || $0.language == language }
        let (accuracy, scores) = Self.evaluate(examples, title: "Labelled set, \(language)")
        #expect(examples.count >= 100)
        #expect(accuracy >= 0.85, "accuracy \(accuracy)")
        for label in QualityLabelledSet.labels {
            let score = scores[label, default: Scores()]
            if score.support >= 15 { #expect(score.recall >= 0.75, "\(label) recall \(score.recall)") }
        }
    }

    /// The held-out set was not used to write the rules; its bar (0.70) was fixed before it was run.
    @Test func accuracyOnHeldOutSet() {
        let examples = QualityHeldOutSet.all
        let (accuracy, _) = Self.evaluate(examples, title: "Held-out set, en+sv")
        #expect(examples.count == 80)
        #expect(accuracy >= 0.70, "held-out accuracy \(accuracy)")
    }

    @Test func tellMeThatIsReallyAYesNoQuestionIsOptionPosing() {
        let english = UtteranceClassifier(languageCode: "en")
        #expect(english.classify("Can you tell me if he hit you?").category == .optionPosing)
        #expect(english.classify("Tell me, did he hit you?").category == .optionPosing)
        #expect(english.classify("Tell me where he was standing.").category == .directive)
        #expect(english.classify("Tell me everything that happened.").category == .invitation)
        let swedish = UtteranceClassifier(languageCode: "sv")
        #expect(swedish.classify("Kan du berätta om han slog dig?").category == .optionPosing)
        #expect(swedish.classify("Berätta om det.").category == .invitation)
        #expect(swedish.classify("Berätta var han stod.").category == .directive)
    }

    @Test func cueFromTheChildIsCuedButNewInformationIsSuggestive() {
        let classifier = UtteranceClassifier(languageCode: "en")
        let prompt = "Tell me more about the knife."
        let cued = classifier.classify(prompt, context: UtteranceContext(childTurns: ["he had a knife"]))
        #expect(cued.category == .cuedInvitation)
        let introduced = classifier.classify(prompt, context: UtteranceContext(childTurns: ["we watched a film"]))
        #expect(introduced.category == .suggestive)
        let rapport = classifier.classify(
            "Tell me about your football team.", context: UtteranceContext(phase: "rapport"))
        #expect(rapport.category == .invitation)
        let substantive = classifier.classify(
            "Tell me about your football team.", context: UtteranceContext(phase: "investigating-incidents"))
        #expect(substantive.category == .suggestive)
    }

    @Test func repeatedYesNoQuestionBecomesSuggestive() {
        let classifier = UtteranceClassifier(languageCode: "sv")
        #expect(classifier.classify("Slog han dig?").category == .optionPosing)
        let again = UtteranceContext(childTurns: ["nej"], earlierPrompts: ["Okej. Slog han dig?"])
        #expect(classifier.classify("Slog han dig?", context: again).category == .suggestive)
        #expect(classifier.classify("Var det dag eller natt?", context: again).category == .optionPosing)
    }

    @Test func proceduralPhaseKeepsSuggestivePrompts() {
        let classifier = UtteranceClassifier(languageCode: "en")
        let closing = UtteranceContext(phase: "closing")
        #expect(classifier.classify("What will you do this afternoon?", context: closing).category == .other)
        #expect(classifier.classify("He hurt you, didn't he?", context: closing).category == .suggestive)
    }

    @Test func unknownLanguageFallsBackToEnglishAndSaysSo() {
        let french = UtteranceClassifier(languageCode: "fr-FR")
        let result = french.classify("Was it day or night?")
        #expect(result.language == .english)
        #expect(result.languageFallback)
        #expect(result.category == .optionPosing)
        let swedish = UtteranceClassifier(languageCode: "sv-SE").classify("Och sen?")
        #expect(!swedish.languageFallback)
        #expect(swedish.language == .swedish)
        #expect(swedish.category == .invitation)
    }

    @Test func hostileInputIsBoundedAndTotal() {
        let classifier = UtteranceClassifier(languageCode: "en")
        #expect(classifier.classify("").category == .other)
        #expect(classifier.classify("?!...,,,").category == .other)
        let long = String(repeating: "tell me more about the car and ", count: 5_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = classifier.classify(long, context: UtteranceContext(childTurns: ["a car"])) }
        #expect(elapsed < .seconds(2))
    }
}
