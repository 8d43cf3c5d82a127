// Creases of the surface: the lifted region boundaries, pulled slightly towards the camera.
in vec3 position;
uniform mat4 uViewProjection;
void main() {
  gl_Position = uViewProjection * vec4(position, 1.0);
  gl_Position.z -= 2e-4 * gl_Position.w;
}
