import Hummingbird
import VitniKit

/// The review room's addresses: the page, its script and style, and each recording's audio
/// and waveform.
struct ReviewRoutes: Sendable {
    let content: any ReviewContent

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            try Self.text(content.page(), type: "text/html; charset=utf-8")
        }
        router.get("/certificate") { _, _ in
            var response = try Self.text(content.certificate(), type: "text/html; charset=utf-8")
            // The certificate is a self-contained page with its style inline and no script.
            response.headers[.contentSecurityPolicy] = IntegrityCertificate.contentSecurityPolicy
            return response
        }
        router.get("/review.js") { _, _ in Self.text(ReviewAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("/review.css") { _, _ in Self.text(ReviewAssets.style, type: "text/css; charset=utf-8") }
        // Browsers ask for one unbidden; the room has none.
        router.get("/favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("/audio/:number") { request, context in
            guard let number = context.parameters.get("number", as: Int.self), let audio = try content.audio(number)
            else { return Response(status: .notFound) }
            return Self.ranged(audio, range: request.headers[.range])
        }
        router.get("/peaks/:number") { _, context in
            guard let number = context.parameters.get("number", as: Int.self), let peaks = try content.peaks(number)
            else { return Response(status: .notFound) }
            return Self.text(peaks, type: "application/json")
        }
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A `RangedResource` answered as HTTP asks: 206 with the range, 200 whole, 416 past the end.
    static func ranged(_ resource: any RangedResource, range header: String?) -> Response {
        var headers: HTTPFields = [.contentType: resource.contentType, .acceptRanges: "bytes"]
        let range: ByteRange
        let status: HTTPResponse.Status
        switch ByteRange.parse(header, length: resource.length) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(resource.length)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            guard resource.length > 0 else { return Response(status: .ok, headers: headers) }
            range = ByteRange(first: 0, last: resource.length - 1)
            status = .ok
        case .range(let asked):
            range = asked
            status = .partialContent
            headers[.contentRange] = "bytes \(asked.first)-\(asked.last)/\(resource.length)"
        }
        headers[.contentLength] = String(range.count)
        return Response(
            status: status, headers: headers,
            body: ResponseBody(contentLength: Int(range.count)) { writer in
                // Decoded a piece at a time, so a long range never sits whole in memory.
                var start = range.first
                while start <= range.last {
                    let piece = ByteRange(first: start, last: min(range.last, start + (1 << 18) - 1))
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(Int(piece.count))
                    try resource.read(piece) { buffer.writeBytes($0) }
                    try await writer.write(buffer)
                    start = piece.last + 1
                }
                try await writer.finish(nil)
            })
    }
}
