import Foundation
import Hummingbird
import VitniKit

/// The observation room's addresses: the page, its script and style, the state it polls (timer,
/// phase, notes, questions), the live audio, and the two changes people make: a note, and the
/// interviewer's answer to a question.
struct ObservationRoutes: Sendable {
    let feed: ObservationFeed
    let access: ObservationAccess

    func add(to router: Router<ObservationContext>) {
        router.get("/") { _, context in
            guard let person = context.person else { return ObservationGuard.refusal(.forbidden, "not admitted") }
            return Self.text(ObservationPage.render(feed, for: person), type: "text/html; charset=utf-8")
        }
        router.get("/observe.js") { _, _ in Self.text(ObservationAssets.script, type: "text/javascript; charset=utf-8")
        }
        router.get("/observe.css") { _, _ in Self.text(ObservationAssets.style, type: "text/css; charset=utf-8") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/state") { request, context in
            guard let person = context.person else { return ObservationGuard.refusal(.forbidden, "not admitted") }
            let after = request.uri.queryParameters["after"].flatMap { Int($0) } ?? 0
            return try Self.json(ObservationState(feed, after: after, for: person))
        }
        router.post("/notes") { request, context in
            guard let person = context.person else { return ObservationGuard.refusal(.forbidden, "not admitted") }
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            guard let post = try? JSONDecoder().decode(NotePost.self, from: Data(body.readableBytesView)),
                let kind = NoteKind(rawValue: post.kind),
                person.isInterviewer || ObservationFeed.observerKinds.contains(kind)
            else { return ObservationGuard.refusal(.badRequest, "a note needs a kind you may post and a text") }
            do {
                let event = try feed.post(kind, text: post.text, by: person.identity)
                return try Self.json(event)
            } catch let error as VitniError {
                return ObservationGuard.refusal(.unprocessableContent, "\(error)")
            }
        }
        router.post("/questions/:number/:answer") { _, context in
            guard let person = context.person, person.isInterviewer else {
                return ObservationGuard.refusal(.forbidden, "only the interviewer answers questions")
            }
            guard let number = context.parameters.get("number", as: Int.self),
                let answer = context.parameters.get("answer"), ["asked", "declined"].contains(answer)
            else { return ObservationGuard.refusal(.badRequest, "answer a question as asked or declined") }
            do {
                try feed.answer(number, asked: answer == "asked", by: person.identity)
                return Response(status: .noContent)
            } catch let error as VitniError {
                return ObservationGuard.refusal(.conflict, "\(error)")
            }
        }
        router.get("/audio") { _, context in
            guard let person = context.person else { return ObservationGuard.refusal(.forbidden, "not admitted") }
            return LiveAudioStream(feed: feed, access: access, person: person).response()
        }
    }

    struct NotePost: Decodable {
        let kind: String
        let text: String
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// What the page polls: the clock, whether there is audio, the phase, and what changed.
struct ObservationState: Encodable {
    let elapsedMs: Int64
    let listening: String
    let phase: String?
    let you: String
    let interviewer: Bool
    let events: [ObservationFeed.Event]
    let questions: [ObservationFeed.Question]

    init(_ feed: ObservationFeed, after: Int, for person: ObservationAccess.Person) {
        elapsedMs = feed.elapsedMilliseconds
        listening = feed.listening.rawValue
        phase = feed.phase
        you = person.identity.name
        interviewer = person.isInterviewer
        (events, questions) = feed.since(after)
    }
}
