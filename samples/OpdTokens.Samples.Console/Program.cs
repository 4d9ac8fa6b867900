using OpdTokens.Samples.Console;

return await ConsoleApp.RunAsync(args, System.Console.Out, System.Console.Error);
