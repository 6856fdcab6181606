using System.Text.Json;
using Kiaraoke.AlignApi.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace Kiaraoke.AlignApi.Tests.Formats;

/// <summary>
/// The studio page in a real browser: Debian's headless chromium driven through Debian's chromedriver, against the
/// service on a real Kestrel port with the embedded model. It aligns the bundled demo clip, plays it, watches the
/// highlighted word advance, drags a word boundary, saves, reads the correction back through the API, and imports a
/// corrected LRC export through the page.
/// Screenshots land in the test's temp folder, or in docs/ with KIARAOKE_UPDATE_SCREENSHOTS=1.
/// </summary>
public sealed class StudioBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ChromedriverPath = "/usr/bin/chromedriver";

    [Fact]
    public async Task Studio_aligns_the_demo_plays_it_drags_a_boundary_and_saves_a_correction_the_api_returns()
    {
        Assert.True(File.Exists(ChromiumPath) && File.Exists(ChromedriverPath), "chromium and chromium-driver are missing: run scripts/install-deps.sh");

        await using var app = new AlignApiApplication();
        app.Settings["KARAOKE_MODEL_DIR"] = Path.Combine(Repo.Root, "models", "kiaraoke-ctc-v2");
        app.Settings["KARAOKE_API_KEYS"] = AlignApiApplication.ApiKey;
        app.UseKestrel(0);
        app.StartServer();
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        using var folder = new TempFolder();
        var screenshots = Environment.GetEnvironmentVariable("KIARAOKE_UPDATE_SCREENSHOTS") == "1" ? Path.Combine(Repo.Root, "docs") : folder.Path;
        using var driver = StartChromium(folder.File("downloads"));
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(120)) { PollingInterval = TimeSpan.FromMilliseconds(100) };

        // "/" sends a browser to the studio.
        driver.Navigate().GoToUrl(baseUrl + "/");
        wait.Until(d => d.Url.EndsWith("/studio/", StringComparison.Ordinal));
        Assert.Equal("Kiaraoke Studio", driver.Title);

        // Align the bundled sample: audio file + its lyrics, with the write key.
        var lyrics = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "samples", "demo", "lyrics.txt"));
        driver.FindElement(By.Id("apiKey")).SendKeys(AlignApiApplication.ApiKey);
        var trackId = driver.FindElement(By.Id("trackId"));
        trackId.Clear();
        trackId.SendKeys("studio-demo");
        driver.FindElement(By.Id("audioFile")).SendKeys(Path.Combine(Repo.Root, "samples", "demo", "audio.mp3"));
        Js(driver, "document.getElementById('lyrics').value = arguments[0];", lyrics);
        driver.FindElement(By.Id("alignButton")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text.StartsWith("Aligned", StringComparison.Ordinal) || d.FindElement(By.Id("status")).GetAttribute("class")!.Contains("error"));
        Assert.StartsWith("Aligned 12 words", driver.FindElement(By.Id("status")).Text);
        Assert.Equal(12, driver.FindElements(By.CssSelector(".kword")).Count);
        Assert.Equal(12, driver.FindElements(By.CssSelector(".tword")).Count);
        Assert.Equal(2, driver.FindElements(By.CssSelector(".tline")).Count);
        wait.Until(_ => Js(driver, "return window.kiaraokeStudio.energy !== null && window.kiaraokeStudio.durationMs > 0;") is true);

        // Play: the highlighted word must advance (more words past, a word active with a partial progress clip).
        driver.FindElement(By.Id("playButton")).Click();
        wait.Until(_ => Convert.ToDouble(Js(driver, "return document.getElementById('audio').currentTime;")) > 0.2);
        var firstWordStart = Convert.ToDouble(Js(driver, "return window.kiaraokeStudio.lines[0].words[0].startMs;")) / 1000;
        wait.Until(_ => Convert.ToDouble(Js(driver, "return document.getElementById('audio').currentTime;")) > firstWordStart + 0.3);
        var pastEarly = driver.FindElements(By.CssSelector(".kword.past")).Count;
        var activeEarly = ActiveIndex(driver);
        wait.Until(_ => ActiveIndex(driver) > Math.Max(activeEarly, 0) + 1 || driver.FindElements(By.CssSelector(".kword.past")).Count > pastEarly + 1);
        wait.Until(_ => driver.FindElements(By.CssSelector(".kword.active")).Count == 1);
        Screenshot(driver, Path.Combine(screenshots, "studio-desktop.png"));
        driver.FindElement(By.Id("playButton")).Click();
        wait.Until(_ => Js(driver, "return document.getElementById('audio').paused;") is true);

        // Drag the start boundary of the longest word to the right by a third of its width.
        var index = Convert.ToInt32(Js(driver, """
            const words = [...document.querySelectorAll('.tword')];
            let best = 0;
            words.forEach((w, i) => { if (w.offsetWidth > words[best].offsetWidth) best = i; });
            words[best].scrollIntoView({ inline: 'center' });
            return best;
            """));
        var block = driver.FindElements(By.CssSelector(".tword"))[index];
        var startBefore = int.Parse(block.GetAttribute("data-start-ms")!);
        var endBefore = int.Parse(block.GetAttribute("data-end-ms")!);
        var handle = block.FindElement(By.CssSelector(".handle.start"));
        var dragPx = Math.Max(6, block.Size.Width / 3);
        new Actions(driver).MoveToElement(handle).ClickAndHold().MoveByOffset(dragPx / 2, 0).MoveByOffset(dragPx - (dragPx / 2), 0).Release().Perform();
        block = driver.FindElements(By.CssSelector(".tword"))[index];
        var startAfter = int.Parse(block.GetAttribute("data-start-ms")!);
        var pxPerSecond = Convert.ToDouble(Js(driver, "return window.kiaraokeStudio.pxPerSecond;"));
        Assert.InRange(startAfter - startBefore, (dragPx * 1000 / pxPerSecond) - 60, (dragPx * 1000 / pxPerSecond) + 60);
        Assert.Equal(endBefore, int.Parse(block.GetAttribute("data-end-ms")!));
        Assert.Contains("Edited", driver.FindElement(By.Id("status")).Text);

        // Keyboard: Space plays and pauses.
        new Actions(driver).SendKeys(Keys.Space).Perform();
        wait.Until(_ => Js(driver, "return document.getElementById('audio').paused;") is false);
        new Actions(driver).SendKeys(Keys.Space).Perform();
        wait.Until(_ => Js(driver, "return document.getElementById('audio').paused;") is true);
        var wordsJson = (string)Js(driver, "return JSON.stringify(window.kiaraokeStudio.lines);")!;

        // Save as a correction and read it back through the API.
        driver.FindElement(By.Id("saveButton")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text.StartsWith("Saved", StringComparison.Ordinal) || d.FindElement(By.Id("status")).Text.StartsWith("Not saved", StringComparison.Ordinal));
        Assert.StartsWith("Saved: 12 words stored as user_corrected", driver.FindElement(By.Id("status")).Text);

        var client = app.CreateClient(AlignApiApplication.ApiKey);
        var stored = await (await client.GetAsync("/timestamps/studio-demo")).ExpectAsync(200);
        Assert.Equal("user_corrected", stored.GetProperty("source").GetString());
        var storedWords = stored.GetProperty("words").EnumerateArray().ToArray();
        Assert.Equal(12, storedWords.Length);
        Assert.Equal(startAfter, storedWords[index].GetProperty("startMs").GetInt32());
        Assert.Equal(endBefore, storedWords[index].GetProperty("endMs").GetInt32());
        var pageWords = JsonDocument.Parse(wordsJson).RootElement.EnumerateArray().SelectMany(l => l.GetProperty("words").EnumerateArray()).ToArray();
        Assert.Equal(pageWords.Select(w => w.GetProperty("startMs").GetInt32()), storedWords.Select(w => w.GetProperty("startMs").GetInt32()));

        // The browser's own WebVTT parser reads our export: one cue per line, inline word timestamps kept.
        var cues = (string)JsAsync(driver, """
            const done = arguments[arguments.length - 1];
            const video = document.createElement('video');
            const track = document.createElement('track');
            track.kind = 'subtitles';
            track.default = true;
            fetch('/timestamps/studio-demo?format=vtt', { headers: { 'X-API-Key': document.getElementById('apiKey').value } })
              .then(r => r.text())
              .then(text => {
                track.src = URL.createObjectURL(new Blob([text], { type: 'text/vtt' }));
                track.addEventListener('load', () => {
                  const list = [...track.track.cues].map(c => ({ start: c.startTime, end: c.endTime, html: c.getCueAsHTML().childNodes.length }));
                  done(JSON.stringify(list));
                });
                track.addEventListener('error', () => done('error'));
                video.appendChild(track);
                document.body.appendChild(video);
                track.track.mode = 'hidden';
              });
            """)!;
        Assert.NotEqual("error", cues);
        var parsedCues = JsonDocument.Parse(cues).RootElement.EnumerateArray().ToArray();
        var storedLines = stored.GetProperty("lines").EnumerateArray().ToArray();
        Assert.Equal(storedLines.Length, parsedCues.Length);
        for (var i = 0; i < parsedCues.Length; i++)
        {
            Assert.Equal(storedLines[i].GetProperty("startMs").GetInt32(), (int)Math.Round(parsedCues[i].GetProperty("start").GetDouble() * 1000));
            Assert.Equal(storedLines[i].GetProperty("endMs").GetInt32(), (int)Math.Round(parsedCues[i].GetProperty("end").GetDouble() * 1000));
            Assert.True(parsedCues[i].GetProperty("html").GetInt32() > 1, "the cue's inline timestamps split it into several nodes");
        }

        // A corrected export comes back in through the page: the LRC with its last word moved 200 ms later.
        var lrc = await client.GetStringAsync("/timestamps/studio-demo?format=lrc");
        var lastWord = storedWords[^1];
        var lastStart = lastWord.GetProperty("startMs").GetInt32();
        var lastTag = $"<{LrcTime(lastStart)}>{lastWord.GetProperty("word").GetString()}";
        Assert.Contains(lastTag, lrc);
        var movedStart = Math.Min(((lastStart + 5) / 10 * 10) + 200, lastWord.GetProperty("endMs").GetInt32() - 20) / 10 * 10;
        var corrected = folder.File("corrected.lrc");
        await File.WriteAllTextAsync(corrected, lrc.Replace(lastTag, $"<{LrcTime(movedStart)}>{lastWord.GetProperty("word").GetString()}"));
        driver.FindElement(By.Id("importFile")).SendKeys(corrected);
        driver.FindElement(By.Id("importButton")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text.StartsWith("Imported", StringComparison.Ordinal) || d.FindElement(By.Id("status")).Text.StartsWith("Not imported", StringComparison.Ordinal));
        Assert.StartsWith("Imported corrected.lrc: 12 words stored as user_corrected", driver.FindElement(By.Id("status")).Text);
        var imported = (await (await client.GetAsync("/timestamps/studio-demo")).ExpectAsync(200)).GetProperty("words").EnumerateArray().ToArray();
        Assert.Equal(movedStart, imported[^1].GetProperty("startMs").GetInt32());
        Assert.Equal(movedStart, Convert.ToInt32(Js(driver, "return window.kiaraokeStudio.lines.at(-1).words.at(-1).startMs;")));

        // Phone width: the same page in one column, nothing wider than the screen but the scrolling timeline.
        driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        wait.Until(_ => Convert.ToInt64(Js(driver, "return document.documentElement.scrollWidth;")) <= 390);
        Js(driver, "window.scrollTo(0, 0); document.getElementById('audio').currentTime = window.kiaraokeStudio.lines[0].words[2].startMs / 1000 + 0.05;");
        Thread.Sleep(300);
        Screenshot(driver, Path.Combine(screenshots, "studio-phone.png"));
    }

    private static ChromeDriver StartChromium(string downloads)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromedriverPath)!, Path.GetFileName(ChromedriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox", // the tests run as root
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--mute-audio",
            "--autoplay-policy=no-user-gesture-required",
            "--window-size=1280,900",
            "--force-device-scale-factor=1");
        options.AddUserProfilePreference("download.default_directory", downloads);
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        return driver;
    }

    private static object? Js(IWebDriver driver, string script, params object[] args) =>
        ((IJavaScriptExecutor)driver).ExecuteScript(script, args);

    private static object? JsAsync(IWebDriver driver, string script) => ((IJavaScriptExecutor)driver).ExecuteAsyncScript(script);

    private static string LrcTime(int ms)
    {
        var cs = (int)Math.Round(ms / 10.0, MidpointRounding.AwayFromZero);
        return $"{cs / 6000:00}:{cs / 100 % 60:00}.{cs % 100:00}";
    }

    private static int ActiveIndex(IWebDriver driver) =>
        Convert.ToInt32(Js(driver, "return [...document.querySelectorAll('.kword')].findIndex(s => s.classList.contains('active'));"));

    private static void Screenshot(ITakesScreenshot driver, string path)
    {
        var shot = driver.GetScreenshot();
        Assert.True(shot.AsByteArray.Length > 10_000, "the screenshot is empty");
        shot.SaveAsFile(path);
    }
}
