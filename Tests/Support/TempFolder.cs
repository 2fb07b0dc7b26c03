namespace NeuralIk.Tests.Support;

/// <summary>A fresh temporary folder per test class instance, deleted with it.</summary>
public class TempFolder : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("neuralik-test-").FullName;

    protected string In(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
