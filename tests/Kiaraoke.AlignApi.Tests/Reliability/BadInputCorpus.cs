using System.Text;
using Kiaraoke.AlignApi.Tests.Support;

namespace Kiaraoke.AlignApi.Tests.Reliability;

/// <summary>One refused request: how it is sent, and the status and the part of <c>detail</c> that must come back.</summary>
internal sealed record BadInput(string Name, HttpMethod Method, string Path, Func<CorpusFiles, HttpContent?> Body, int Status, string Detail, string? ApiKey = AlignApiApplication.ApiKey)
{
    public override string ToString() => $"{Name} ({Method} {Path} → {Status})";
}

/// <summary>
/// Client input the service must refuse with a 4xx ProblemDetails and without storing anything: every route, both
/// request forms of /align, the framework's own answers. Each defect of the reliability findings has its cases here
/// (D7 admin switch, D8 500s, D9 NUL correction, D11 key before body, D13 validation, D14 error text).
/// </summary>
internal static class BadInputCorpus
{
    private const string Lyrics = "bonjour la mer\nsalut tout le monde";
    private const string WrongKey = "test-key-0123456780";

    public static IReadOnlyList<BadInput> Cases { get; } = Build();

    private static List<BadInput> Build()
    {
        var cases = new List<BadInput>();
        AlignForm(cases, "/align");
        AlignJson(cases, "/align");
        Regenerate(cases);
        Reads(cases);
        Corrections(cases);
        Admin(cases);
        Framework(cases);
        return cases;
    }

    /// <summary>The multipart form of /align (or /regenerate): a valid form with one thing wrong.</summary>
    private static void AlignForm(List<BadInput> cases, string route)
    {
        void Add(string name, Func<CorpusFiles, HttpContent?> body, int status, string detail, string? key = AlignApiApplication.ApiKey) =>
            cases.Add(new BadInput($"form {name}", HttpMethod.Post, route, body, status, detail, key));

        Add("without key", f => Form(f), 401, "needs an API key", key: null);
        Add("wrong key", f => Form(f), 401, "not valid", key: WrongKey);
        Add("key prefix", f => Form(f), 401, "not valid", key: AlignApiApplication.ApiKey[..8]);
        Add("upper-case key", f => Form(f), 401, "not valid", key: AlignApiApplication.ApiKey.ToUpperInvariant());
        Add("no spotify_track_id", f => Form(f, "-spotify_track_id"), 400, "spotify_track_id is required");
        Add("spotify_track_id with a space", f => Form(f, "spotify_track_id=bad id"), 400, "spotify_track_id is required");
        Add("spotify_track_id of 65 chars", f => Form(f, "spotify_track_id=" + new string('a', 65)), 400, "1 to 64");
        Add("spotify_track_id with ..", f => Form(f, "spotify_track_id=../x"), 400, "spotify_track_id is required");
        Add("spotify_track_id unicode", f => Form(f, "spotify_track_id=caf\u00e9"), 400, "spotify_track_id is required");
        Add("spotify_track_id SQL", f => Form(f, "spotify_track_id=a';DROP TABLE x;--"), 400, "spotify_track_id is required");
        Add("youtube_video_id path", f => Form(f, "youtube_video_id=../../x"), 400, "youtube_video_id must be");
        Add("youtube_video_id of 33 chars", f => Form(f, "youtube_video_id=" + new string('v', 33)), 400, "youtube_video_id must be");
        Add("language word", f => Form(f, "language=french"), 400, "not an ISO 639-1 code");
        Add("language xx", f => Form(f, "language=xx"), 400, "accepted: aa, ab");
        Add("language zz", f => Form(f, "language=zz"), 400, "accepted:");
        Add("language upper case", f => Form(f, "language=FR"), 400, "not an ISO 639-1 code");
        Add("language one letter", f => Form(f, "language=f"), 400, "not an ISO 639-1 code");
        Add("no lyrics", f => Form(f, "-lyrics_text"), 400, "one of lyrics_text, lrc or synced_lines");
        Add("lyrics_text and lrc", f => Form(f, "lrc=[00:01.00]la mer"), 400, "only one of lyrics_text, lrc or synced_lines");
        Add("lyrics_text and synced_lines", f => Form(f, "synced_lines=[{\"text\":\"la\",\"startTimeMs\":10}]"), 400, "only one of");
        Add("blank lyrics", f => Form(f, "lyrics_text=   \n  "), 400, "no words");
        Add("lyrics over the limit", f => Form(f, "lyrics_text=" + new string('a', 20_001)), 400, "limit is 20000");
        Add("lyrics with U+0000", f => Form(f, "lyrics_text=appliquer\0 de nombreuses corrections"), 400, "U+0000");
        Add("lyrics with a bell", f => Form(f, "lyrics_text=la mer\u0007"), 400, "U+0007");
        Add("lyrics with U+FFFD", f => Form(f, "lyrics_text=la mer \uFFFD"), 400, "not valid UTF-8");
        Add("lyrics of invalid UTF-8", f => FormBytes(f, "lyrics_text", [0x6c, 0x61, 0x20, 0xff, 0xfe, 0x28]), 400, "'lyrics_text' is not valid UTF-8");
        Add("lyrics with an encoded surrogate", f => FormBytes(f, "lyrics_text", [0x61, 0xed, 0xa0, 0x80]), 400, "not valid UTF-8");
        Add("artist_name of invalid UTF-8", f => FormBytes(f, "artist_name", [0xc3, 0x28]), 400, "'artist_name' is not valid UTF-8");
        Add("artist_name of 256 chars", f => Form(f, "artist_name=" + new string('b', 256)), 400, "the limit is 255");
        Add("track_name with U+0000", f => Form(f, "track_name=a\0b"), 400, "U+0000");
        Add("lrc without words", f => Form(f, "-lyrics_text", "lrc=[00:01.00]\n[00:02.00]"), 400, "no words");
        Add("lrc with 75 seconds", f => Form(f, "-lyrics_text", "lrc=[00:75.00]la mer"), 400, "must be below 60");
        Add("lrc past the audio's end", f => Form(f, "-lyrics_text", "lrc=[10:00.00]bonjour la mer"), 400, "after the end of the audio");
        Add("synced_lines [null]", f => Form(f, "-lyrics_text", "synced_lines=[null]"), 400, "synced_lines[0] is null");
        Add("synced_lines null", f => Form(f, "-lyrics_text", "synced_lines=null"), 400, "synced_lines is null");
        Add("synced_lines object", f => Form(f, "-lyrics_text", "synced_lines={}"), 400, "expected an array");
        Add("synced_lines truncated", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":"), 400, "synced_lines is not a JSON array");
        Add("synced_lines of numbers", f => Form(f, "-lyrics_text", "synced_lines=[1,2]"), 400, "expected an object");
        Add("synced_lines time as text", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"la\",\"startTimeMs\":\"x\"}]"), 400, "expected an integer");
        Add("synced_lines time too big", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"la\",\"startTimeMs\":1e12}]"), 400, "expected an integer");
        Add("synced_lines negative time", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"la mer\",\"startTimeMs\":-5}]"), 400, "must be ≥ 0");
        Add("synced_lines end before start", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"la mer\",\"startTimeMs\":900,\"endTimeMs\":100}]"), 400, "end after start");
        Add("synced_lines out of order", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"la\",\"startTimeMs\":900},{\"text\":\"mer\",\"startTimeMs\":100}]"), 400, "in time order");
        Add("synced_lines without words", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"  \",\"startTimeMs\":0}]"), 400, "contain no words");
        Add("synced_lines empty", f => Form(f, "-lyrics_text", "synced_lines=[]"), 400, "contain no words");
        Add("synced_lines past the audio's end", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"bonjour la mer\",\"startTimeMs\":600000}]"), 400, "after the end of the audio");
        Add("synced_lines text with U+0000", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"la\\u0000mer\",\"startTimeMs\":0}]"), 400, "U+0000");
        Add("force_regenerate maybe", f => Form(f, "force_regenerate=maybe"), 400, "not a boolean");
        Add("no audio part", f => Form(f, "-audio"), 400, "no file part named 'audio'");
        Add("empty audio", f => new RawMultipart().File("audio", "v.wav", []).Field("spotify_track_id", "c1").Field("lyrics_text", Lyrics).Content(), 400, "empty (0 bytes)");
        Add("text as audio", f => FormAudio("notes.mp3", "not audio at all"u8.ToArray()), 400, "'notes.mp3' is not a decodable audio file");
        Add("random bytes as audio", f => FormAudio("noise.wav", Enumerable.Range(0, 5_000).Select(i => (byte)(i * 7919 % 251)).ToArray()), 400, "'noise.wav' is not a decodable audio file");
        Add("WAV header without samples", f => FormAudio("head.wav", f.Song[..44]), 400, "'head.wav'");
        Add("audio over the duration limit", f => FormAudio("long.flac", f.LongFlac), 400, $"lasts 70.0 s; the limit is {CorpusFiles.MaxAudioSeconds} s");
        Add("two audio parts", f => new RawMultipart().File("audio", "a.wav", f.Song).File("audio", "b.wav", f.Song).Field("spotify_track_id", "c1").Field("lyrics_text", Lyrics).Content(), 400, "more than one part named 'audio'");
        Add("70 fields", f => ManyFields(f, 70), 413, "more than 64 parts");
        Add("field over the length limit", f => Form(f, "lyrics_text=" + new string('a', 80_001)), 413, "longer than 80000 bytes");
        Add("upload over the size limit", f => FormAudio("big.wav", new byte[CorpusFiles.MaxUploadBytes + 1_200_000]), 413, "limited to 2000000 bytes");
        Add("chunked upload over the size limit", f => ChunkedContent.Of(new RawMultipart().File("audio", "big.wav", new byte[CorpusFiles.MaxUploadBytes + 10]).Bytes(), $"multipart/form-data; boundary={RawMultipart.Boundary}"), 413, "limit of 2000000 bytes");
        Add("truncated body", f => new RawMultipart().Field("spotify_track_id", "abc").Content(closed: false), 400, "ends before its closing boundary");
        Add("truncated inside a part", f => RawMultipart.Raw(Encoding.ASCII.GetBytes($"--{RawMultipart.Boundary}\r\nContent-Disposition: form-data; name=\"spotify_track_id\"\r\n\r\nabc"), $"multipart/form-data; boundary={RawMultipart.Boundary}"), 400, "ends before its closing boundary");
        Add("no boundary parameter", f => RawMultipart.Raw(new RawMultipart().Field("a", "b").Bytes(), "multipart/form-data"), 400, "boundary parameter");
        Add("body without boundaries", f => RawMultipart.Raw("hello"u8.ToArray(), $"multipart/form-data; boundary={RawMultipart.Boundary}"), 400, "multipart body is malformed");
        Add("empty multipart body", f => RawMultipart.Raw([], $"multipart/form-data; boundary={RawMultipart.Boundary}"), 400, "multipart body is malformed");
        Add("part without Content-Disposition", f => new RawMultipart().Part("Content-Type: text/plain", "x"u8.ToArray()).Content(), 400, "Content-Disposition");
        Add("part with 20 headers", f => new RawMultipart().Part(string.Join("\r\n", Enumerable.Range(0, 20).Select(i => $"X-H{i}: v")) + "\r\nContent-Disposition: form-data; name=\"a\"", "x"u8.ToArray()).Content(), 400, "multipart body is malformed");
        Add("text/plain", f => RawMultipart.Raw("hello"u8.ToArray(), "text/plain"), 415, "multipart/form-data");
        Add("no content type", f => RawMultipart.Raw("hello"u8.ToArray(), null), 415, "no content type");
        Add("XML", f => RawMultipart.Raw("<a/>"u8.ToArray(), "application/xml"), 415, "application/xml");
        Add("url-encoded form", f => RawMultipart.Raw("spotify_track_id=a&lyrics_text=b"u8.ToArray(), "application/x-www-form-urlencoded"), 415, "cannot carry the audio");
    }

    /// <summary>The JSON form of /align: vocalsPath under the vocals root.</summary>
    private static void AlignJson(List<BadInput> cases, string route)
    {
        void Add(string name, string json, int status, string detail, string? key = AlignApiApplication.ApiKey, string contentType = "application/json") =>
            cases.Add(new BadInput($"json {name}", HttpMethod.Post, route, _ => RawMultipart.Raw(Encoding.UTF8.GetBytes(json), contentType), status, detail, key));

        Add("without key", Json(), 401, "needs an API key", key: null);
        Add("malformed", "{\"spotify_track_id\": ", 400, "JSON body is malformed");
        Add("null", "null", 400, "empty (null)");
        Add("array", "[]", 400, "wrong type");
        Add("number", "42", 400, "wrong type");
        Add("empty body", string.Empty, 400, "JSON body is malformed");
        Add("trailing garbage", Json() + " x", 400, "JSON body is malformed");
        Add("nested 70 deep", "{\"a\":" + new string('[', 70) + new string(']', 70) + "}", 400, "JSON body is malformed");
        cases.Add(new BadInput("json invalid UTF-8", HttpMethod.Post, route, _ => RawMultipart.Raw([.. "{\"spotify_track_id\":\"c1\",\"vocalsPath\":\"song.wav\",\"lyrics_text\":\"la "u8, 0xff, .. "\"}"u8], "application/json"), 400, "malformed"));
        Add("no spotify_track_id", Json(("spotify_track_id", "null")), 400, "spotify_track_id is required");
        Add("spotify_track_id number", Json(("spotify_track_id", "42")), 400, "expected a string");
        Add("spotify_track_id with a slash", Json(("spotify_track_id", "\"a/b\"")), 400, "spotify_track_id is required");
        Add("youtube_video_id of 33 chars", Json(("youtube_video_id", $"\"{new string('v', 33)}\"")), 400, "youtube_video_id must be");
        Add("language xx", Json(("language", "\"xx\"")), 400, "accepted: aa, ab");
        Add("language number", Json(("language", "7")), 400, "expected a string");
        Add("lyrics number", Json(("lyrics_text", "12")), 400, "expected a string");
        Add("lyrics with U+0000", Json(("lyrics_text", "\"appliquer\\u0000 de nombreuses corrections\"")), 400, "U+0000");
        Add("lyrics with an unpaired surrogate", Json(("lyrics_text", "\"la \\ud800 mer\"")), 400, "unpaired surrogate");
        Add("lyrics blank", Json(("lyrics_text", "\"  \"")), 400, "no words");
        Add("artist_name of 300 chars", Json(("artist_name", $"\"{new string('b', 300)}\"")), 400, "the limit is 255");
        Add("synced_lines [null]", Json(("lyrics_text", "null"), ("synced_lines", "[null]")), 400, "synced_lines[0] is null");
        Add("synced_lines object", Json(("lyrics_text", "null"), ("synced_lines", "{}")), 400, "expected an array");
        Add("synced_lines of strings", Json(("lyrics_text", "null"), ("synced_lines", "[\"la\"]")), 400, "expected an object");
        Add("synced_lines past the audio's end", Json(("lyrics_text", "null"), ("synced_lines", "[{\"text\":\"bonjour la mer\",\"startTimeMs\":600000}]")), 400, "after the end of the audio");
        Add("synced_lines with lyrics_text", Json(("synced_lines", "[{\"text\":\"la\",\"startTimeMs\":10}]")), 400, "only one of");
        Add("force_regenerate text", Json(("force_regenerate", "\"maybe\"")), 400, "expected true or false");
        Add("no vocalsPath", Json(("vocalsPath", "null")), 400, "needs vocalsPath");
        Add("vocalsPath ..", Json(("vocalsPath", "\"../x/secret.wav\"")), 400, "'..' segment");
        Add("vocalsPath backslash ..", Json(("vocalsPath", "\"a\\\\..\\\\..\\\\secret.wav\"")), 400, "'..' segment");
        Add("vocalsPath /etc/passwd", Json(("vocalsPath", "\"/etc/passwd\"")), 400, "outside the vocals root");
        Add("vocalsPath /proc/self/environ", Json(("vocalsPath", "\"/proc/self/environ\"")), 400, "outside the vocals root");
        Add("vocalsPath /dev/zero", Json(("vocalsPath", "\"/dev/zero\"")), 400, "outside the vocals root");
        Add("vocalsPath escaping link", Json(("vocalsPath", "\"escape.wav\"")), 400, "symbolic link that leaves the vocals root");
        Add("vocalsPath missing", Json(("vocalsPath", "\"missing.wav\"")), 400, "No file at vocalsPath");
        Add("vocalsPath folder", Json(("vocalsPath", "\"folder.wav\"")), 400, "No file at vocalsPath");
        Add("vocalsPath NUL", Json(("vocalsPath", "\"song\\u0000.wav\"")), 400, "NUL");
        Add("vocalsPath %2f", Json(("vocalsPath", "\"..%2fsecret.wav\"")), 400, "No file at vocalsPath");
        Add("vocalsPath FIFO", Json(("vocalsPath", "\"pipe.wav\"")), 400, "empty (0 bytes) or not a regular file");
        Add("vocalsPath FIFO with timed lyrics", Json(("lyrics_text", "null"), ("synced_lines", "[{\"text\":\"la mer\",\"startTimeMs\":0}]"), ("vocalsPath", "\"pipe.wav\"")), 400, "not a regular file");
        Add("vocalsPath empty file", Json(("vocalsPath", "\"empty.wav\"")), 400, "empty (0 bytes)");
        Add("vocalsPath text file", Json(("vocalsPath", "\"notes.wav\"")), 400, "'notes.wav' is not a decodable audio file");
        Add("vocalsPath over the duration limit", Json(("vocalsPath", "\"long.flac\"")), 400, "lasts 70.0 s");
        Add("text/plain JSON", Json(), 415, "multipart/form-data", contentType: "text/plain");
    }

    private static void Regenerate(List<BadInput> cases)
    {
        void Add(string name, Func<CorpusFiles, HttpContent?> body, int status, string detail, string? key = AlignApiApplication.ApiKey) =>
            cases.Add(new BadInput($"regenerate {name}", HttpMethod.Post, "/regenerate", body, status, detail, key));

        Add("without key", f => Form(f), 401, "needs an API key", key: null);
        Add("form synced_lines [null]", f => Form(f, "-lyrics_text", "synced_lines=[null]"), 400, "synced_lines[0] is null");
        Add("json synced_lines [null]", _ => JsonText(Json(("lyrics_text", "null"), ("synced_lines", "[null]"))), 400, "synced_lines[0] is null");
        Add("truncated body", f => new RawMultipart().Field("spotify_track_id", "abc").Content(closed: false), 400, "ends before its closing boundary");
        Add("language xx", f => Form(f, "language=xx"), 400, "accepted:");
        Add("lyrics of invalid UTF-8", f => FormBytes(f, "lyrics_text", [0xff]), 400, "not valid UTF-8");
        Add("text as audio", f => FormAudio("notes.mp3", "not audio"u8.ToArray()), 400, "'notes.mp3' is not a decodable audio file");
        Add("audio over the duration limit", f => FormAudio("long.flac", f.LongFlac), 400, "lasts 70.0 s");
        Add("synced_lines past the audio's end", f => Form(f, "-lyrics_text", "synced_lines=[{\"text\":\"bonjour la mer\",\"startTimeMs\":600000}]"), 400, "after the end of the audio");
        Add("malformed JSON", _ => JsonText("{"), 400, "JSON body is malformed");
        Add("text/plain", _ => RawMultipart.Raw("x"u8.ToArray(), "text/plain"), 415, "multipart/form-data");
        Add("70 fields", f => ManyFields(f, 70), 413, "more than 64 parts");
    }

    /// <summary>GET and DELETE /timestamps/{id}: ids and keys.</summary>
    private static void Reads(List<BadInput> cases)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            void Add(string name, string path, int status, string detail, string? key = AlignApiApplication.ApiKey) =>
                cases.Add(new BadInput($"{method.Method.ToLowerInvariant()} {name}", method, path, _ => null, status, detail, key));

            Add("without key", "/timestamps/t1", 401, "needs an API key", key: null);
            Add("wrong key", "/timestamps/t1", 401, "not valid", key: WrongKey);
            Add("id with a space", "/timestamps/bad%20id", 400, "spotifyTrackId must be");
            Add("id with a control character", "/timestamps/a%01b", 400, "spotifyTrackId must be");
            Add("id with a dot", "/timestamps/a.b", 400, "spotifyTrackId must be");
            Add("id unicode", "/timestamps/caf%C3%A9", 400, "spotifyTrackId must be");
            Add("id of 65 chars", "/timestamps/" + new string('a', 65), 400, "spotifyTrackId must be");
            Add("id with an encoded slash", "/timestamps/a%2Fb", 400, "spotifyTrackId must be");
            Add("id SQL", "/timestamps/a'%3BDROP", 400, "spotifyTrackId must be");
            Add("video empty", "/timestamps/t1?youtube_video_id=", 400, "youtube_video_id must be");
            Add("video with ..", "/timestamps/t1?youtube_video_id=../x", 400, "youtube_video_id must be");
            Add("video of 33 chars", "/timestamps/t1?youtube_video_id=" + new string('v', 33), 400, "youtube_video_id must be");
        }
    }

    /// <summary>PUT /timestamps/{id}/words: the correction body.</summary>
    private static void Corrections(List<BadInput> cases)
    {
        void Add(string name, string json, int status, string detail, string path = "/timestamps/c1/words", string? key = AlignApiApplication.ApiKey) =>
            cases.Add(new BadInput($"correction {name}", HttpMethod.Put, path, _ => JsonText(json), status, detail, key));

        const string Word = "{\"word\":\"a\",\"startMs\":0,\"endMs\":500}";
        Add("without key", $"{{\"lines\":[{{\"words\":[{Word}]}}]}}", 401, "needs an API key", key: null);
        Add("wrong key", $"{{\"lines\":[{{\"words\":[{Word}]}}]}}", 401, "not valid", key: WrongKey);
        Add("bad id", $"{{\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "spotifyTrackId must be", path: "/timestamps/a.b/words");
        Add("bad video", $"{{\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "youtube_video_id must be", path: "/timestamps/c1/words?youtube_video_id=a.b");
        Add("malformed", "{\"lines\": [", 400, "malformed");
        Add("null", "null", 400, "empty (null)");
        Add("empty body", string.Empty, 400, "malformed");
        Add("array", "[]", 400, "wrong type");
        Add("no lines", "{}", 400, "lines is required");
        Add("lines null", "{\"lines\":null}", 400, "lines is required");
        Add("lines object", "{\"lines\":{}}", 400, "expected an array");
        Add("line null", "{\"lines\":[null]}", 400, "lines[0] needs a non-empty words array");
        Add("line without words", "{\"lines\":[{\"words\":[]}]}", 400, "lines[0] needs a non-empty words array");
        Add("word null", "{\"lines\":[{\"words\":[null]}]}", 400, "lines[0].words[0] is null");
        Add("word without endMs", "{\"lines\":[{\"words\":[{\"word\":\"a\",\"startMs\":0}]}]}", 400, "needs word, startMs and endMs");
        Add("word without text", "{\"lines\":[{\"words\":[{\"startMs\":0,\"endMs\":5}]}]}", 400, "needs word, startMs and endMs");
        Add("startMs as text", "{\"lines\":[{\"words\":[{\"word\":\"a\",\"startMs\":\"zero\",\"endMs\":500}]}]}", 400, "expected an integer");
        Add("startMs fractional", "{\"lines\":[{\"words\":[{\"word\":\"a\",\"startMs\":1.5,\"endMs\":500}]}]}", 400, "expected an integer");
        Add("startMs too big", "{\"lines\":[{\"words\":[{\"word\":\"a\",\"startMs\":99999999999,\"endMs\":500}]}]}", 400, "expected an integer");
        Add("word number", "{\"lines\":[{\"words\":[{\"word\":5,\"startMs\":0,\"endMs\":500}]}]}", 400, "expected a string");
        Add("overlapping words", $"{{\"lines\":[{{\"words\":[{Word},{{\"word\":\"b\",\"startMs\":400,\"endMs\":900}}]}}]}}", 400, "overlapping");
        Add("end before start", "{\"lines\":[{\"words\":[{\"word\":\"a\",\"startMs\":500,\"endMs\":100}]}]}", 400, "timing contract");
        Add("negative start", "{\"lines\":[{\"words\":[{\"word\":\"a\",\"startMs\":-10,\"endMs\":100}]}]}", 400, "timing contract");
        Add("untrimmed word", "{\"lines\":[{\"words\":[{\"word\":\" a\",\"startMs\":0,\"endMs\":500}]}]}", 400, "not trimmed");
        Add("empty word", "{\"lines\":[{\"words\":[{\"word\":\"\",\"startMs\":0,\"endMs\":500}]}]}", 400, "timing contract");
        Add("confidence 2", "{\"lines\":[{\"words\":[{\"word\":\"a\",\"startMs\":0,\"endMs\":500,\"confidence\":2}]}]}", 400, "outside 0..1");
        Add("word with U+0000", "{\"lines\":[{\"words\":[{\"word\":\"a\\u0000b\",\"startMs\":100,\"endMs\":200}]}]}", 400, "U+0000");
        Add("line text with U+0000", $"{{\"lines\":[{{\"text\":\"a\\u0000\",\"words\":[{Word}]}}]}}", 400, "U+0000");
        Add("word with an escape char", "{\"lines\":[{\"words\":[{\"word\":\"a\\u001bb\",\"startMs\":100,\"endMs\":200}]}]}", 400, "U+001B");
        Add("word with an unpaired surrogate", "{\"lines\":[{\"words\":[{\"word\":\"a\\udc00\",\"startMs\":100,\"endMs\":200}]}]}", 400, "surrogate");
        Add("artist_name with U+0000", $"{{\"artist_name\":\"x\\u0000\",\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "U+0000");
        Add("track_name of 300 chars", $"{{\"track_name\":\"{new string('t', 300)}\",\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "the limit is 255");
        Add("language French", $"{{\"language\":\"French\",\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "ISO 639-1");
        Add("language xx", $"{{\"language\":\"xx\",\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "accepted: aa, ab");
        Add("duration_ms 0", $"{{\"duration_ms\":0,\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "duration_ms must be positive");
        Add("word past duration_ms", $"{{\"duration_ms\":400,\"lines\":[{{\"words\":[{Word}]}}]}}", 400, "after the audio's end");
        Add("too many words", "{\"lines\":[{\"words\":[" + string.Join(',', Enumerable.Range(0, 20_001).Select(i => $"{{\"word\":\"w\",\"startMs\":{i * 10},\"endMs\":{(i * 10) + 5}}}")) + "]}]}", 400, "at most 20000 words");
        cases.Add(new BadInput("correction text/plain", HttpMethod.Put, "/timestamps/c1/words", _ => RawMultipart.Raw("{}"u8.ToArray(), "text/plain"), 415, "does not accept the content type 'text/plain'"));
        cases.Add(new BadInput("correction no content type", HttpMethod.Put, "/timestamps/c1/words", _ => RawMultipart.Raw("{}"u8.ToArray(), null), 415, "application/json"));
        cases.Add(new BadInput("correction invalid UTF-8", HttpMethod.Put, "/timestamps/c1/words", _ => RawMultipart.Raw([.. "{\"lines\":[{\"words\":[{\"word\":\""u8, 0xff, .. "\",\"startMs\":0,\"endMs\":5}]}]}"u8], "application/json"), 400, "malformed"));
    }

    /// <summary>PUT /admin/tier1: only an explicit boolean switches, and the key is checked before the body is read.</summary>
    private static void Admin(List<BadInput> cases)
    {
        void Add(string name, string? json, int status, string detail, string? key = AlignApiApplication.ApiKey, string contentType = "application/json") =>
            cases.Add(new BadInput($"admin {name}", HttpMethod.Put, "/admin/tier1", _ => json is null ? null : RawMultipart.Raw(Encoding.UTF8.GetBytes(json), contentType), status, detail, key));

        Add("without key, broken body", "{\"enabled\":", 401, "needs an API key", key: null);
        Add("without key, empty object", "{}", 401, "needs an API key", key: null);
        Add("without key, string", "{\"enabled\":\"no\"}", 401, "needs an API key", key: null);
        Add("wrong key, valid body", "{\"enabled\":false}", 401, "not valid", key: WrongKey);
        Add("empty object", "{}", 400, "needs \"enabled\": true or false");
        Add("misspelt name", "{\"enable\":true}", 400, "(it has 'enable')");
        Add("upper-case name", "{\"Enabled\":false}", 400, "needs \"enabled\"");
        Add("string", "{\"enabled\":\"true\"}", 400, "must be true or false, not a JSON string");
        Add("null", "{\"enabled\":null}", 400, "not a JSON null");
        Add("number", "{\"enabled\":0}", 400, "not a JSON number");
        Add("array", "[]", 400, "must be a JSON object");
        Add("bare true", "true", 400, "must be a JSON object");
        Add("malformed", "{\"enabled\":", 400, "malformed");
        Add("empty body", string.Empty, 400, "malformed");
        Add("no body", null, 415, "no content type");
        Add("text/plain", "{\"enabled\":false}", 415, "text/plain", contentType: "text/plain");
        cases.Add(new BadInput("admin get without key", HttpMethod.Get, "/admin/tier1", _ => null, 401, "needs an API key", null));
    }

    /// <summary>What the framework answers itself: no route, wrong method.</summary>
    private static void Framework(List<BadInput> cases)
    {
        void Add(string name, HttpMethod method, string path, int status, string detail) =>
            cases.Add(new BadInput($"framework {name}", method, path, _ => null, status, detail));

        Add("unknown path", HttpMethod.Get, "/nope", 404, "No endpoint matches GET /nope");
        Add("unknown admin path", HttpMethod.Get, "/admin/tier2", 404, "No endpoint matches");
        Add("GET /align", HttpMethod.Get, "/align", 405, "does not accept GET");
        Add("DELETE /align", HttpMethod.Delete, "/align", 405, "does not accept DELETE");
        Add("GET /regenerate", HttpMethod.Get, "/regenerate", 405, "does not accept GET");
        Add("POST /timestamps/x", HttpMethod.Post, "/timestamps/x", 405, "does not accept POST");
        Add("PUT /timestamps/x", HttpMethod.Put, "/timestamps/x", 405, "does not accept PUT");
        Add("PATCH /timestamps/x/words", HttpMethod.Patch, "/timestamps/x/words", 405, "does not accept PATCH");
        Add("POST /admin/tier1", HttpMethod.Post, "/admin/tier1", 405, "does not accept POST");
    }

    /// <summary>A valid /align form (2 s clip, lyrics, track c1) changed by "name=value" (set) and "-name" (remove).</summary>
    private static HttpContent Form(CorpusFiles files, params string[] changes)
    {
        var fields = new Dictionary<string, string> { ["spotify_track_id"] = "c1", ["lyrics_text"] = Lyrics };
        var audio = true;
        foreach (var change in changes)
        {
            if (change == "-audio")
            {
                audio = false;
            }
            else if (change.StartsWith('-'))
            {
                fields.Remove(change[1..]);
            }
            else
            {
                fields[change[..change.IndexOf('=')]] = change[(change.IndexOf('=') + 1)..];
            }
        }

        var form = new RawMultipart();
        if (audio)
        {
            form.File("audio", "song.wav", files.Song);
        }

        foreach (var (name, value) in fields)
        {
            form.Field(name, value);
        }

        return form.Content();
    }

    private static HttpContent FormBytes(CorpusFiles files, string name, byte[] value) =>
        new RawMultipart().File("audio", "song.wav", files.Song).Field("spotify_track_id", "c1")
            .Field(name, value).Field(name == "lyrics_text" ? "artist_name" : "lyrics_text", name == "lyrics_text" ? "x" : Lyrics).Content();

    private static HttpContent FormAudio(string fileName, byte[] audio) =>
        new RawMultipart().File("audio", fileName, audio).Field("spotify_track_id", "c1").Field("lyrics_text", Lyrics).Content();

    private static HttpContent ManyFields(CorpusFiles files, int count)
    {
        var form = new RawMultipart().File("audio", "song.wav", files.Song).Field("spotify_track_id", "c1").Field("lyrics_text", Lyrics);
        for (var i = 0; i < count; i++)
        {
            form.Field($"extra{i}", "x");
        }

        return form.Content();
    }

    /// <summary>A valid JSON /align body (vocalsPath song.wav) with some members replaced by raw JSON values ("null" removes).</summary>
    private static string Json(params (string Name, string RawValue)[] changes)
    {
        var members = new Dictionary<string, string>
        {
            ["spotify_track_id"] = "\"c1\"",
            ["lyrics_text"] = "\"bonjour la mer salut tout le monde\"",
            ["vocalsPath"] = "\"song.wav\"",
        };
        foreach (var (name, raw) in changes)
        {
            if (raw == "null" && name != "synced_lines")
            {
                members.Remove(name);
            }
            else
            {
                members[name] = raw;
            }
        }

        return "{" + string.Join(',', members.Select(m => $"\"{m.Key}\":{m.Value}")) + "}";
    }

    private static HttpContent JsonText(string json) => RawMultipart.Raw(Encoding.UTF8.GetBytes(json), "application/json");
}
