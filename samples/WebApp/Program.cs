using System;
using Microsoft.AspNetCore.Builder;

namespace WebApp;

/// <summary>
/// A small order service on ASP.NET Core's minimal API (shared framework only). <c>GET /orders/{id}</c> does
/// realistic nested work whose cost varies from request to request: a cache lookup, a simulated database
/// query (async I/O), a price computation over the order's lines, and a template read from disk.
/// <c>GET /quote/{sku}/{quantity}</c> is a synchronous handler.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // The app's own folder is its content root, wherever it is started from: appsettings.json and templates/ are there.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var app = builder.Build();
        var orders = new OrderService(new OrderStore(), new PriceList(), new Templates(app.Environment.ContentRootPath));
        app.MapGet("/orders/{id:int}", orders.GetOrderAsync);
        app.MapGet("/quote/{sku}/{quantity:int}", orders.Quote);
        app.MapGet("/health", () => "ok");
        app.Run();
    }
}
