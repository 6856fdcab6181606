using System.Net.Http.Headers;
using System.Text;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>
/// A multipart/form-data body written byte by byte, so a test can send what HttpClient never would: invalid UTF-8,
/// a missing Content-Disposition, a body cut before its closing boundary, seventy fields.
/// </summary>
internal sealed class RawMultipart
{
    public const string Boundary = "corpus-7f3a";

    private readonly List<(string Headers, byte[] Body)> _parts = [];

    public RawMultipart Field(string name, string value) => Field(name, Encoding.UTF8.GetBytes(value));

    public RawMultipart Field(string name, byte[] value) =>
        Part($"Content-Disposition: form-data; name=\"{name}\"", value);

    public RawMultipart File(string name, string fileName, byte[] content) =>
        Part($"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream", content);

    public RawMultipart Part(string headers, byte[] body)
    {
        _parts.Add((headers, body));
        return this;
    }

    public byte[] Bytes(bool closed = true)
    {
        using var stream = new MemoryStream();
        foreach (var (headers, body) in _parts)
        {
            stream.Write(Encoding.ASCII.GetBytes($"--{Boundary}\r\n{headers}\r\n\r\n"));
            stream.Write(body);
            stream.Write("\r\n"u8);
        }

        if (closed)
        {
            stream.Write(Encoding.ASCII.GetBytes($"--{Boundary}--\r\n"));
        }

        return stream.ToArray();
    }

    public HttpContent Content(bool closed = true) => Raw(Bytes(closed), $"multipart/form-data; boundary={Boundary}");

    public static HttpContent Raw(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }
}

/// <summary>Content whose length is unknown up front: sent chunked, so only the reader's own count can stop it.</summary>
internal sealed class ChunkedContent(byte[] body) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        for (var offset = 0; offset < body.Length; offset += 65_536)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(65_536, body.Length - offset)));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    public static ChunkedContent Of(byte[] body, string contentType)
    {
        var content = new ChunkedContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
