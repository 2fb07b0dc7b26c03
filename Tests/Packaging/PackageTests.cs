using System.Diagnostics;
using System.Globalization;
using NeuralIk.Tests.Support;
using Xunit;

namespace NeuralIk.Tests.Packaging;

/// <summary>
/// The embedding story as users take it: `dotnet pack Engine` into a local folder feed, then a new console
/// project that references NeuralIk.Engine from that feed trains a small solver, solves one target and prints
/// the angles, which this test checks by forward kinematics written out here.
/// </summary>
public sealed class PackageTests : TempFolder
{
    static string Dotnet(string arguments, string folder)
    {
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"dotnet {arguments} did not finish");
        Assert.True(process.ExitCode == 0,
            $"dotnet {arguments} exited {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }

    [Fact]
    public void A_console_project_solves_a_target_through_the_packed_package()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release"
            : "Debug";
        var feed = In("feed");
        var project = Path.Combine(Repository.Root, "Engine", "Engine.csproj");
        Dotnet($"pack \"{project}\" -c {configuration} -o \"{feed}\"", Folder);
        Assert.Single(Directory.GetFiles(feed, "NeuralIk.Engine.*.nupkg"));

        var app = In("app");
        Directory.CreateDirectory(app);
        // Its own package folder, so a package left in the user's cache by an earlier build is never used.
        File.WriteAllText(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{In("packages")}</RestorePackagesPath>
                <RestoreAdditionalProjectSources>{feed}</RestoreAdditionalProjectSources>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NeuralIk.Engine" Version="0.1.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using System.Globalization;
            using NeuralIk.Engine.Kinematics;
            using NeuralIk.Engine.Solving;
            using NeuralIk.Engine.Tensors;
            using NeuralIk.Engine.Training;

            var options = new SolverOptions { Hidden = [16, 16], Epochs = 5, SamplesPerEpoch = 2048 };
            var arm = new PlanarChain(Arm.Default, JointLimits.Full);
            var model = SolverRecipe.Train(arm, TaskBounds.PlanarPosition, options).Model;
            var (up, _) = new IkSolver(model).SolveBoth(new Pose2(1.5, 0.5, 0));
            var line = string.Create(CultureInfo.InvariantCulture, $"{up.Status} {up.Theta[0]:R} {up.Theta[1]:R}");
            Console.WriteLine(line);
            """);
        var printed = Dotnet("run -c Release", app).Trim().Split(' ');

        Assert.Equal("Ok", printed[0]);
        var (t1, t2) = (double.Parse(printed[1], CultureInfo.InvariantCulture),
            double.Parse(printed[2], CultureInfo.InvariantCulture));
        var (x, y) = (Math.Cos(t1) + Math.Cos(t1 + t2), Math.Sin(t1) + Math.Sin(t1 + t2));
        Assert.True(Math.Sqrt((x - 1.5) * (x - 1.5) + (y - 0.5) * (y - 0.5)) <= 2e-9, $"FK({t1}, {t2}) = ({x}, {y})");
        Assert.True(t2 < 0, $"the up branch has θ2 < 0, got {t2}");
    }
}
