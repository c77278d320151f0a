using System.IO;
using Shouldly;
using Tests.Support;

namespace Tests.Cli;

/// <summary>A console app that uses a NuGet package (Newtonsoft.Json 13.0.1), published into a folder as for deployment.</summary>
public static class SampleJsonApp
{
    public const string ProgramSource = """
        using System;
        using Newtonsoft.Json;

        namespace JsonApp;

        public sealed class Order
        {
            public int Id { get; set; }

            public string Customer { get; set; } = "";

            public decimal Total { get; set; }
        }

        public static class Program
        {
            public static int Main()
            {
                var json = Serialize(new Order { Id = 7, Customer = "Ada", Total = 12.5m });
                Console.WriteLine(json);
                Console.WriteLine("customer: " + Deserialize(json).Customer);
                return 0;
            }

            static string Serialize(Order order) => JsonConvert.SerializeObject(order);

            static Order Deserialize(string json) => JsonConvert.DeserializeObject<Order>(json)!;
        }
        """;

    /// <summary>Writes the project under <paramref name="root"/>/src and publishes it to <paramref name="root"/>/publish; returns the publish folder.</summary>
    public static string Publish(string root)
        => PublishedApp.Publish(root, "JsonApp", "Newtonsoft.Json", "13.0.1", ProgramSource);
}
