using System.Text.Json;
using Microsoft.Playwright;
using NeuralIk.Tests.Solving;
using SkiaSharp;
using Xunit;

namespace NeuralIk.Tests.Cli;

/// <summary>
/// Runs where Debian's chromium is installed (`.ci/run` installs it): Playwright's own browser download cannot work
/// on these machines, so the tests drive that executable.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(Chromium))
            Skip = $"needs {Chromium} (apt-get install chromium)";
    }

    /// <summary>The test needs the page's 3-D view, which the build bundles only where npm is installed.</summary>
    public bool NeedsSpatialView
    {
        get => File.Exists(SpatialView);
        init
        {
            if (value && !File.Exists(SpatialView))
                Skip ??= "needs the 3-D view, bundled at build time where npm is installed";
        }
    }

    static string SpatialView => Path.Combine(AppContext.BaseDirectory, "wwwroot", "spatial.js");
}

/// <summary>
/// The live page of `neural-ik serve` in a real browser: drag the target with the mouse, and every arm the page
/// draws ends on it, by the forward kinematics of the answers it drew and by the pixels of a screenshot.
/// </summary>
public class ServePageTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    // The page's colours of the first answers.
    static readonly string[] Colours = ["#1f6feb", "#d9480f", "#2f9e44", "#ae3ec9"];

    // WebGL without a GPU: SwiftShader, which Chromium now runs only when asked to.
    static readonly string[] Flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader"];

    [BrowserFact]
    public async Task Dragging_the_target_puts_every_drawn_arm_on_it()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.Chromium, Headless = true, Args = Flags,
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = 760 } });
        await page.GotoAsync(server.Client.BaseAddress!.ToString());
        await page.WaitForFunctionAsync("() => window.ikState && window.ikState.ready");
        var canvas = (await page.Locator("canvas").BoundingBoxAsync())!;
        var (x0, y0) = await PagePoint(page, canvas, "ikState.targetPixel");
        var (x1, y1) = await PagePoint(page, canvas, "toPixel([-0.7, 1.1])");
        var state = await Drag(page, (x0, y0), (x1, y1));
        var target = Doubles(state.GetProperty("target"));
        Assert.True(Math.Abs(target[0] + 0.7) < 0.01 && Math.Abs(target[1] - 1.1) < 0.01,
            $"the drag ended at ({target[0]}, {target[1]})");
        Assert.Equal("ok", state.GetProperty("status").GetString());
        var answers = state.GetProperty("answers");
        Assert.Equal(2, answers.GetArrayLength());
        var chain = (Engine.Kinematics.PlanarChain)SolverFixture.DefaultModel.Value.Chain;
        foreach (var answer in answers.EnumerateArray())
        {
            var end = chain.Forward(Doubles(answer.GetProperty("theta")));
            Assert.True(Math.Abs(end.X - target[0]) < 1e-6 && Math.Abs(end.Y - target[1]) < 1e-6,
                $"an answer ends at ({end.X}, {end.Y})");
        }
        var targetPixel = Doubles(state.GetProperty("targetPixel"));
        foreach (var end in state.GetProperty("endPixels").EnumerateArray().Select(Doubles))
            Assert.True(Math.Abs(end[0] - targetPixel[0]) < 0.5 && Math.Abs(end[1] - targetPixel[1]) < 0.5);
        await AssertArmsReachTargetInPixels(page, answers, chain, target, targetPixel);
        if (Environment.GetEnvironmentVariable("NEURALIK_SCREENSHOT") is { Length: > 0 } path)
            await page.ScreenshotAsync(new() { Path = path });
    }

    [BrowserFact(NeedsSpatialView = true)]
    public async Task Dragging_the_3d_target_puts_every_drawn_arm_on_it()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFactAttribute.Chromium, Headless = true, Args = Flags,
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = 760 } });
        await page.GotoAsync(server.Client.BaseAddress + "?model=ur5");
        await page.WaitForFunctionAsync("() => window.ikState && window.ikState.ready && window.ikState.targetPixel");
        var stage = (await page.Locator("#stage").BoundingBoxAsync())!;
        var (x0, y0) = await PagePoint(page, stage, "ikState.targetPixel");
        // The gizmo's centre moves the target in the view plane.
        var state = await Drag(page, (x0, y0), (x0 - 60, y0 + 40));
        var target = Doubles(state.GetProperty("target"));
        Assert.Equal("ok", state.GetProperty("status").GetString());
        var chain = server.Spatial.Chain;
        var answers = state.GetProperty("answers");
        Assert.True(answers.GetArrayLength() >= 1);
        foreach (var answer in answers.EnumerateArray())
        {
            var end = chain.Forward(Doubles(answer.GetProperty("theta"))).P;
            Assert.True((end - new Engine.Kinematics.Vec3(target[0], target[1], target[2])).Length <= 1e-6,
                $"an answer ends at {end}, the target is ({string.Join(", ", target)})");
        }
        var moved = await page.EvaluateAsync<double[]>("() => window.ikState.targetPixel");
        Assert.True(Math.Abs(moved[0] - (x0 - 60 - stage.X)) < 2 && Math.Abs(moved[1] - (y0 + 40 - stage.Y)) < 2,
            $"the target was dragged to ({moved[0]}, {moved[1]}) on the canvas");
        var targetPixel = Doubles(state.GetProperty("targetPixel"));
        foreach (var end in state.GetProperty("endPixels").EnumerateArray().Select(Doubles))
            Assert.True(Math.Abs(end[0] - targetPixel[0]) < 1 && Math.Abs(end[1] - targetPixel[1]) < 1);
        // The arm drawn last, in its colour, somewhere along its links on the screen (in depth, another arm may hide
        // any one point of it).
        using var shot = SKBitmap.Decode(await page.Locator("#stage canvas").ScreenshotAsync());
        var last = answers.GetArrayLength() - 1;
        var expected = SKColor.Parse(Colours[last % Colours.Length]);
        var pixels = new List<double[]>();
        foreach (var p in answers[last].GetProperty("points").EnumerateArray().Select(Doubles))
            pixels.Add(await page.EvaluateAsync<double[]>($"() => window.ikSpatial.project([{p[0]}, {p[1]}, {p[2]}])"));
        var along = Enumerable.Range(1, pixels.Count - 1).SelectMany(i => Fractions.Select(f =>
            shot.GetPixel((int)Math.Round(pixels[i - 1][0] + f * (pixels[i][0] - pixels[i - 1][0])),
                (int)Math.Round(pixels[i - 1][1] + f * (pixels[i][1] - pixels[i - 1][1]))))).ToList();
        Assert.True(along.Any(seen => Math.Abs(seen.Red - expected.Red) + Math.Abs(seen.Green - expected.Green) +
            Math.Abs(seen.Blue - expected.Blue) < 60), $"no point along the last arm is {expected}: " +
            string.Join(", ", along));
        if (Environment.GetEnvironmentVariable("NEURALIK_SCREENSHOT_3D") is { Length: > 0 } path)
            await page.ScreenshotAsync(new() { Path = path });
    }

    static readonly double[] Fractions = [0.25, 0.5, 0.75];

    // On the screenshot, a few pixels back from the target along each arm's last link, the arm's own colour.
    static async Task AssertArmsReachTargetInPixels(IPage page, JsonElement answers,
        Engine.Kinematics.PlanarChain chain, double[] target, double[] targetPixel)
    {
        using var shot = SKBitmap.Decode(await page.Locator("canvas").ScreenshotAsync());

        for (var k = 0; k < answers.GetArrayLength(); k++)
        {
            var theta = Doubles(answers[k].GetProperty("theta"));
            // The last link runs from the elbow, at the first link's end, to the target.
            var (ex, ey) = (chain.Links[0] * Math.Cos(theta[0]), chain.Links[0] * Math.Sin(theta[0]));
            var (dx, dy) = (target[0] - ex, target[1] - ey);
            var length = Math.Sqrt(dx * dx + dy * dy);
            // 20 px back from the end, in pixels (y grows downwards), clear of the target marker's 14 px arms.
            var (px, py) = (targetPixel[0] - 20 * dx / length, targetPixel[1] + 20 * dy / length);
            var seen = shot.GetPixel((int)Math.Round(px), (int)Math.Round(py));
            var expected = SKColor.Parse(Colours[k]);
            Assert.True(Math.Abs(seen.Red - expected.Red) + Math.Abs(seen.Green - expected.Green) +
                Math.Abs(seen.Blue - expected.Blue) < 60, $"answer {k}: pixel ({px:F0}, {py:F0}) is {seen}");
        }
    }

    // Drags with the mouse, then waits until the answers drawn are those of where the drag ended (the latest target
    // wins) and returns the page's state.
    static async Task<JsonElement> Drag(IPage page, (float X, float Y) from, (float X, float Y) to)
    {
        await page.Mouse.MoveAsync(from.X, from.Y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to.X, to.Y, new() { Steps = 20 });
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync("() => { const s = window.ikState; return s.solvedTarget !== null && " +
            "s.solvedTarget.every((v, i) => v === s.target[i]) && s.endPixels.length === s.answers.length; }");
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.ikState)");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    static async Task<(float X, float Y)> PagePoint(IPage page, LocatorBoundingBoxResult canvas,
        string expression)
    {
        var p = await page.EvaluateAsync<double[]>($"() => {expression}");
        return (canvas.X + (float)p[0], canvas.Y + (float)p[1]);
    }

    static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];
}
