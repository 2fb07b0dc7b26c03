using NeuralIk.Cli;
using NeuralIk.Cli.Commands;

return CliRunner.Run(CommandTree.Root(), args, Console.Error);
