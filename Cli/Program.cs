using NeuralIk.Cli;

return CliRunner.Run(Commands.Root(), args, Console.Error);
