import Hummingbird
import VitniView

/// Applies `ObservationAccess` to every request and the rooms' strict headers to every response;
/// a change (a note, an answer) must also come as JSON, which a form on another site cannot send.
struct ObservationGuard: RouterMiddleware {
    typealias Context = ObservationContext
    let access: ObservationAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let decision = access.decide(
            host: request.head.authority, origin: request.headers[.origin],
            fetchSite: request.headers[.init("Sec-Fetch-Site")!],
            cookie: request.headers[values: .cookie].joined(separator: "; "), path: request.uri.path, query: query)
        var response: Response
        switch decision {
        case .allow(let person):
            if request.method == .post, request.headers[.contentType]?.hasPrefix("application/json") != true {
                response = Self.refusal(.unsupportedMediaType, "changes are sent as JSON")
                break
            }
            var context = context
            context.person = person
            response = try await next(request, context)
        case .anonymous:
            response = try await next(request, context)
        case .admit(let cookie):
            response = Response(status: .seeOther, headers: [.location: "/", .setCookie: cookie])
        case .refuse(let reason):
            response = Self.refusal(.forbidden, reason)
        }
        for field in RoomHeaders.strict where response.headers[field.name] == nil {
            response.headers[field.name] = field.value
        }
        response.headers[.init("Strict-Transport-Security")!] = "max-age=86400"
        return response
    }

    static func refusal(_ status: HTTPResponse.Status, _ reason: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: "\(status.code) \(status.reasonPhrase): \(reason)\n")))
    }
}
