// Upload page: previews before upload, drag and drop, and one request per file so each photo gets its verdict as soon
// as the server has checked it. Without JavaScript the form still posts all files and the page shows the verdicts.
(() => {
    const form = document.getElementById("upload-form");
    const input = document.getElementById("files");
    const dropzone = document.getElementById("dropzone");
    const previews = document.getElementById("previews");
    if (!form || !input) return;

    const token = form.querySelector("input[name=__RequestVerificationToken]").value;
    let chosen = [];

    const render = () => {
        previews.replaceChildren(...chosen.map(entry => entry.element));
    };

    const add = files => {
        for (const file of files) {
            const element = document.createElement("li");
            element.dataset.testid = "preview";
            const image = document.createElement("img");
            image.alt = file.name;
            image.src = URL.createObjectURL(file);
            const name = document.createElement("div");
            name.textContent = file.name;
            const verdict = document.createElement("div");
            verdict.className = "verdict";
            verdict.textContent = "Ready to upload";
            element.append(image, name, verdict);
            chosen.push({ file, element, verdict });
        }
        render();
    };

    input.addEventListener("change", () => { add(input.files); });
    dropzone.addEventListener("dragover", event => { event.preventDefault(); dropzone.classList.add("over"); });
    dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
    dropzone.addEventListener("drop", event => {
        event.preventDefault();
        dropzone.classList.remove("over");
        add(event.dataTransfer.files);
    });

    form.addEventListener("submit", async event => {
        if (chosen.length === 0) return;
        event.preventDefault();
        let accepted = 0;
        for (const entry of chosen) {
            entry.verdict.textContent = "Checking…";
            const body = new FormData();
            body.append("files", entry.file, entry.file.name);
            try {
                const response = await fetch(form.action, {
                    method: "POST",
                    body,
                    headers: { "Accept": "application/json", "RequestVerificationToken": token },
                });
                if (!response.ok) throw new Error(response.status === 429 ? "Too many uploads at once — wait a minute." : `Upload failed (${response.status}).`);
                const [result] = await response.json();
                entry.element.classList.add(result.accepted ? "accepted" : "rejected");
                entry.verdict.textContent = [result.headline, ...result.guidance].join(" — ");
                if (result.accepted) accepted++;
            } catch (error) {
                entry.element.classList.add("rejected");
                entry.verdict.textContent = error.message;
            }
        }
        chosen = [];
        input.value = "";
        if (accepted > 0) {
            const reload = document.createElement("p");
            reload.innerHTML = "<a href=\"/Photos\" data-testid=\"show-kept\">Show kept photos</a>";
            previews.after(reload);
        }
    });
})();
