namespace NeuralIk.Tests.Support;

/// <summary>The checkout the tests run from: the folder holding NeuralIk.sln above the test binaries.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NeuralIk.sln")))
            folder = folder.Parent;
        return folder?.FullName
            ?? throw new InvalidOperationException("NeuralIk.sln not found above the test binaries");
    }
}
