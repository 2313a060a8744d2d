import { createPosterguardApp } from "./create-app.js";

createPosterguardApp().app.synth();
