# Builds the app and fetches the pinned models; the runtime image is Debian-based ASP.NET.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/Headshots.Web -c Release -o /app \
 && mkdir -p /app/models && cp models/manifest.json /app/models/ && cp LICENSE THIRD-PARTY-NOTICES.md /app/ \
 && dotnet publish src/Headshots.Cli -c Release -o /cli \
 && dotnet /cli/headshots.dll models fetch --models-dir /app/models

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY --from=build /cli /cli
ENV ASPNETCORE_URLS=http://+:8080 \
    HEADSHOTS_MODELS_DIR=/app/models
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Headshots.Web.dll"]
